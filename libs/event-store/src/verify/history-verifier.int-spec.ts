import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../testing/src/test-postgres.js';
import { runVerifyHistory } from '../cli/verify-history.js';
import type { AppendOptions } from '../event-store.port.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { installPostgresEventStore } from '../postgres/postgres-event-store.schema.js';
import { verifyPostgresHistory } from './history-verifier.js';

const context: AppendOptions = {
  expectedRevision: 'any',
  actor: { id: 'officer-9', role: 'prevent-officer' },
  reason: 'Recorded for the verifier',
  correlationId: randomUUID(),
};

describe('the history verifier', () => {
  const schema = 'es_verify';
  let db: TestDatabase;
  let store: PostgresEventStore;
  const category = `v${randomBytes(4).toString('hex')}`;
  const altered = `${category}-altered`;
  const truncated = `${category}-deleted`;
  const intact = `${category}-intact`;

  async function run(env: Record<string, string>): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await runVerifyHistory({ DATABASE_URL: db.url, ...env }, (line) => lines.push(line));
    return { code, lines };
  }

  /** What a superuser with the guard switched off can do; the verifier must notice it. */
  async function tamper(sql: string, values: unknown[]): Promise<void> {
    const client = await db.pool.connect();
    try {
      await client.query('SET session_replication_role = replica');
      const result = await client.query(sql, values);
      expect(result.rowCount).toBe(1);
    } finally {
      await client.query('RESET session_replication_role');
      client.release();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('es');
    // pg-pool's end() resolves before its idle connections close; the harness's forced drop may then terminate one.
    db.pool.on('error', () => undefined);
    await installPostgresEventStore(db.pool, schema);
    store = new PostgresEventStore({ pool: db.pool, schema });
    for (const streamId of [altered, truncated, intact]) {
      await store.appendToStream(streamId, [{ type: 'Opened', data: { streamId } }], context);
      await store.appendToStream(
        streamId,
        Array.from({ length: 5 }, (_, n) => ({ type: 'Noted', data: { n, text: `note ${n}` } })),
        context,
      );
    }
    // Enough streams to page through several batches.
    for (let i = 0; i < 50; i += 1) {
      await store.appendToStream(
        `${category}-bulk${i}`,
        Array.from({ length: 50 }, (_, n) => ({ type: 'N', data: { n } })),
        context,
      );
    }
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('finds every chain intact after ordinary appends', async () => {
    const report = await verifyPostgresHistory(db.pool, schema);
    expect(report).toEqual({ streamsChecked: 53, eventsChecked: 3 * 6 + 50 * 50, breaks: [] });
    const { code, lines } = await run({});
    expect(code).toBe(0);
    expect(lines).toEqual([`${schema}: 53 streams, 2518 events checked: intact`]);
  });

  it('names the first broken link of each stream once a superuser has edited or deleted an event', async () => {
    const { events } = await store.readStream(altered);
    await tamper(
      `UPDATE ${schema}.events SET data = jsonb_set(data, '{text}', '"rewritten"') WHERE stream_id = $1 AND revision = 3`,
      [altered],
    );
    await tamper(`DELETE FROM ${schema}.events WHERE stream_id = $1 AND revision = 2`, [truncated]);

    const report = await verifyPostgresHistory(db.pool, schema);
    expect(report.streamsChecked).toBe(53);
    expect(report.eventsChecked).toBe(2517);
    expect(report.breaks).toEqual([
      { kind: 'content-altered', streamId: altered, revision: 3, eventId: events[3].eventId },
      { kind: 'revision-gap', streamId: truncated, revision: 3, expectedRevision: 2 },
    ]);

    const { code, lines } = await run({ EVENT_STORE_SCHEMAS: schema });
    expect(code).toBe(1);
    expect(lines).toEqual([
      `${schema}: 53 streams, 2517 events checked: 2 broken stream(s)`,
      `  BROKEN stream ${altered} at revision 3: content-altered (event ${events[3].eventId})`,
      `  BROKEN stream ${truncated} at revision 3: revision-gap (revision 2 is missing)`,
    ]);
  });

  it('notices a hash rewritten to hide an edit: the next link breaks', async () => {
    const streamId = `${category}-rehashed`;
    await store.appendToStream(
      streamId,
      Array.from({ length: 3 }, (_, n) => ({ type: 'N', data: { n } })),
      context,
    );
    const { events } = await store.readStream(streamId);
    await tamper(
      `UPDATE ${schema}.events SET data = '{"n": 42}', hash = ${schema}.link_hash(1, previous_hash, sha256('x'))
        WHERE stream_id = $1 AND revision = 1`,
      [streamId],
    );
    const report = await verifyPostgresHistory(db.pool, schema);
    expect(report.breaks).toContainEqual({
      kind: 'content-altered',
      streamId,
      revision: 1,
      eventId: events[1].eventId,
    });
  });

  it('exits 2 when it cannot run', async () => {
    const { code, lines } = await run({ EVENT_STORE_SCHEMAS: 'no_such_schema' });
    expect(code).toBe(2);
    expect(lines[0]).toMatch(/^verify-history failed: .*no_such_schema/);
    expect((await run({ EVENT_STORE_SCHEMAS: 'Bad-Name' })).code).toBe(2);
  });
});
