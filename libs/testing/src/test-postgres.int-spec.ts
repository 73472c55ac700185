import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from './test-postgres.js';

describe('the test PostgreSQL harness', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([first.drop(), second.drop()]);
  });

  it('gives each caller a database of its own on a real PostgreSQL 18 server', async () => {
    await first.pool.query('CREATE TABLE only_here (id int)');
    const { rows } = await second.pool.query(`SELECT to_regclass('public.only_here') AS found`);
    expect(rows[0].found).toBeNull();
    const version = await first.pool.query<{ server_version_num: string }>('SHOW server_version_num');
    expect(Number(version.rows[0].server_version_num)).toBeGreaterThanOrEqual(180000);
  });
});
