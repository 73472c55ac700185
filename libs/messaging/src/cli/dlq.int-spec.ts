import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../testing/src/test-postgres.js';
import { PostgresLogTransport, installPostgresLogTransport } from '../postgres/postgres-log-transport.js';
import type { IncomingMessage } from '../transport.port.js';
import { runDlq } from './dlq.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('npm run dlq', () => {
  const schema = 'mq_dlq';
  let db: TestDatabase;
  let transport: PostgresLogTransport;
  let env: Record<string, string>;
  const handled: IncomingMessage[] = [];
  let broken = true;
  beforeAll(async () => {
    db = await createTestDatabase('mqd');
    await installPostgresLogTransport(db.pool, schema);
    env = { DATABASE_URL: db.url, MESSAGING_SCHEMA: schema };
    transport = new PostgresLogTransport({ pool: db.pool, schema, pollIntervalMs: 50 });
    transport.consume({
      topics: ['referral-intake.referrals'],
      groupId: 'channel-panel',
      retry: { maxAttempts: 2, initialBackoffMs: 10 },
      handler: async (message) => {
        if (broken && message.key === 'referral-13') throw new Error('ReferenceError in the consumer');
        handled.push(message);
      },
    });
    const headers = (type: string) => ({
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      correlationId: randomUUID(),
      occurredAt: '2025-03-01T10:00:00.000Z',
    });
    await transport.publish('referral-intake.referrals', [
      { key: 'referral-13', headers: headers('ReferredToChannel'), payload: { referralId: 'referral-13' } },
      { key: 'referral-14', headers: headers('ReferredToChannel'), payload: { referralId: 'referral-14' } },
    ]);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const { rows } = await db.pool.query(`SELECT 1 FROM ${schema}.dead_letters`);
      if (rows.length > 0 && handled.length > 0) break;
      await sleep(20);
    }
  });
  afterAll(async () => {
    await transport?.close();
    await db?.drop();
  });

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runDlq(argv, env, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  };

  it('lists the dead letters, with group, origin, key, type, attempts and error', async () => {
    const { code, output } = await run('list');
    expect(code).toBe(0);
    expect(output).toMatch(
      /^\d+ {2}group=channel-panel {2}referral-intake\.referrals\[\d+\]@\d+ {2}key=referral-13 {2}type=ReferredToChannel v1 {2}attempts=2 .* not replayed {2}error: Error: ReferenceError in the consumer$/,
    );
    expect((await run('list', '--group', 'someone-else')).output).toBe('No dead letters.');
  });

  it('shows one dead letter in full, and says when there is none', async () => {
    const id = (await run('list')).output.split(' ')[0];
    const { code, output } = await run('show', id);
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({
      id,
      groupId: 'channel-panel',
      error: 'Error: ReferenceError in the consumer',
      original: { key: 'referral-13', payload: { referralId: 'referral-13' } },
    });
    expect(await run('show', '424242')).toEqual({ code: 1, output: 'No dead letter 424242.' });
  });

  it('replays a dead letter to its group once the consumer is fixed, and marks it replayed', async () => {
    const id = (await run('list')).output.split(' ')[0];
    broken = false;
    const { code, output } = await run('replay', id);
    expect(code).toBe(0);
    expect(output).toContain('replay.channel-panel');
    const deadline = Date.now() + 10_000;
    while (!handled.some((m) => m.key === 'referral-13') && Date.now() < deadline) await sleep(20);
    expect(handled.filter((m) => m.key === 'referral-13')).toHaveLength(1);
    expect(handled.find((m) => m.key === 'referral-13')?.topic).toBe('referral-intake.referrals');
    expect((await run('list')).output).toMatch(/ replayed \d{4}-/);
    expect((await run('replay', '424242')).code).toBe(1);
  });

  it('explains its usage when the command is wrong', async () => {
    expect(await run('purge')).toEqual({ code: 2, output: expect.stringContaining('usage:') });
    expect((await run('show')).code).toBe(2);
  });
});
