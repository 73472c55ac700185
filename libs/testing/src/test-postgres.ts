import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * One embedded PostgreSQL server serves the whole Jest run (started by the global setup);
 * each test file takes a database of its own, so files never see each other's rows.
 *
 * `TEST_PG_PORT` picks the port (default 54329), so two runs in the same checkout do not
 * share a cluster.
 */
export const TEST_PG_ENV = 'PREVENT_TEST_PG_URL';

export interface TestDatabase {
  readonly name: string;
  /** Connection string of the database, as its owner (a superuser). */
  readonly url: string;
  /** A pool of superuser connections to the database. */
  readonly pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export function testServerUrl(database = 'postgres'): string {
  const base = process.env[TEST_PG_ENV];
  if (!base) {
    throw new Error(`${TEST_PG_ENV} is not set: run the tests through Jest's global setup (npm test).`);
  }
  return `${base}/${database}`;
}

export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template1 STRATEGY FILE_COPY`);
  } finally {
    await admin.end();
  }
  const url = testServerUrl(name);
  const pool = new pg.Pool({ connectionString: url, max: 12 });
  // Dropping the database terminates connections still closing; that is the end of the file's
  // tests, not a failure of whichever test is running.
  pool.on('error', () => undefined);
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: testServerUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
