import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../testing/src/test-postgres.js';
import { contractUpcasters, eventStoreContract } from '../event-store.contract.js';
import type { AppendOptions, RecordedEvent } from '../event-store.port.js';
import { contentHash, linkHash } from '../hash-chain.js';
import { appendStatement } from './postgres-append.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { eventStoreAppRole, installPostgresEventStore } from './postgres-event-store.schema.js';

/**
 * pg-pool's end() resolves before its idle connections have closed, so the harness's
 * DROP DATABASE ... WITH (FORCE) may terminate one of them; without a listener the pool's
 * 'error' event would fail whichever test is running.
 */
function ignoreTerminatedIdleClient(): void {}

/** A pool whose connections act as the application role, as the runtime's do: the tests prove its grants suffice. */
function appRolePool(db: TestDatabase, schema: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: db.url, max, options: `-c role=${eventStoreAppRole(schema)}` });
  pool.on('error', ignoreTerminatedIdleClient);
  return pool;
}

eventStoreContract('PostgreSQL', async () => {
  const schema = 'es_contract';
  const db = await createTestDatabase('es');
  db.pool.on('error', ignoreTerminatedIdleClient);
  await installPostgresEventStore(db.pool, schema);
  const pools = [appRolePool(db, schema, 12)];
  const stores: PostgresEventStore[] = [];
  const open = (pool: pg.Pool) => {
    const store = new PostgresEventStore({ pool, schema, upcasters: contractUpcasters(), pollIntervalMs: 100 });
    stores.push(store);
    return store;
  };
  return {
    store: open(pools[0]),
    async openAnother() {
      const pool = appRolePool(db, schema, 2);
      pools.push(pool);
      return open(pool);
    },
    async dispose() {
      await Promise.all(stores.map((store) => store.close()));
      await Promise.all(pools.map((pool) => pool.end()));
      await db.drop();
    },
  };
});

const context: AppendOptions = {
  expectedRevision: 'any',
  actor: { id: 'officer-7', role: 'channel-chair' },
  correlationId: randomUUID(),
};

describe('the PostgreSQL event store', () => {
  const schema = 'es_pg';
  let db: TestDatabase;
  let appPool: pg.Pool;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase('es');
    db.pool.on('error', ignoreTerminatedIdleClient);
    await Promise.all([installPostgresEventStore(db.pool, schema), installPostgresEventStore(db.pool, schema)]);
    await installPostgresEventStore(db.pool, schema);
    appPool = appRolePool(db, schema, 8);
    store = new PostgresEventStore({ pool: appPool, schema, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store?.close();
    await appPool?.end();
    await db?.drop();
  });

  const category = () => `c${randomBytes(6).toString('hex')}`;

  it('never delivers an event before one of a transaction that began earlier and commits later', async () => {
    const cat = category();
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({
      subscriptionId: `late-${randomUUID()}`,
      categories: [cat],
      handler: async (event) => {
        received.push(event);
      },
    });
    const late = await appPool.connect();
    try {
      await late.query('BEGIN');
      await late.query(appendStatement(schema, `${cat}-a`, [{ type: 'Late', data: {} }], context, new Date()));
      const b = await store.appendToStream(`${cat}-b`, [{ type: 'Early', data: {} }], context);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(received).toEqual([]);
      expect(await store.readAll({ categories: [cat] })).toEqual([]);
      await late.query('COMMIT');
      const deadline = Date.now() + 5000;
      while (received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received.map((event) => event.type)).toEqual(['Late', 'Early']);
      expect(received[1].globalPosition).toEqual(b.position);
      expect((await store.readAll({ categories: [cat] })).map((event) => event.type)).toEqual(['Late', 'Early']);
    } finally {
      await late.query('ROLLBACK').catch(() => undefined);
      late.release();
      await subscription.stop();
    }
  });

  it('computes the link hash in SQL exactly as linkHash() does in JavaScript', async () => {
    const cases: Array<[number, Buffer, Buffer]> = [
      [0, Buffer.alloc(0), randomBytes(32)],
      [1, randomBytes(32), randomBytes(32)],
      [10, randomBytes(32), randomBytes(32)],
      [123_456_789, randomBytes(32), randomBytes(32)],
    ];
    for (const [revision, previous, content] of cases) {
      const { rows } = await appPool.query<{ hash: Buffer }>(`SELECT ${schema}.link_hash($1, $2, $3) AS hash`, [
        revision,
        previous,
        content,
      ]);
      expect(rows[0].hash.toString('hex')).toBe(linkHash(revision, previous, content).toString('hex'));
    }
    const streamId = `${category()}-linked`;
    await store.appendToStream(streamId, [{ type: 'A', data: { x: 1 } }], context);
    await store.appendToStream(
      streamId,
      Array.from({ length: 11 }, (_, i) => ({ type: 'B', data: { i, nested: { z: 1, a: [true, null, 'é'] } } })),
      { ...context, reason: 'Because', causationId: randomUUID() },
    );
    const { rows } = await db.pool.query(
      `SELECT event_id, stream_id, revision::int AS revision, type, schema_version, data, metadata, hash, previous_hash
         FROM ${schema}.events WHERE stream_id = $1 ORDER BY revision`,
      [streamId],
    );
    let previous = Buffer.alloc(0);
    for (const row of rows) {
      const content = contentHash({
        eventId: row.event_id,
        streamId: row.stream_id,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
      });
      expect(row.previous_hash.toString('hex')).toBe(previous.toString('hex'));
      expect(row.hash.toString('hex')).toBe(linkHash(row.revision, previous, content).toString('hex'));
      previous = row.hash;
    }
    expect(rows).toHaveLength(12);
  });

  it('orders the global log by transaction id as a number, not as text', async () => {
    const cat = category();
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO ${schema}.events (transaction_id, event_id, stream_id, category, revision, type, schema_version,
                                     data, metadata, recorded_at, hash, previous_hash)
       SELECT t::text::xid8, gen_random_uuid(), $1 || '-' || t, $1, 0, 'T', 1, '{}',
              jsonb_build_object('actorId', 'a', 'actorRole', 'r', 'correlationId', 'c', 'recordedAt', now()),
              now(), '\\x00', ''
         FROM unnest(ARRAY[10, 9, 100, 99]) AS t
       RETURNING event_id AS id`,
      [cat],
    );
    expect(rows).toHaveLength(4);
    const log = await store.readAll({ categories: [cat] });
    expect(log.map((event) => event.globalPosition.commit)).toEqual([9n, 10n, 99n, 100n]);
    const afterTen = await store.readAll({ categories: [cat], after: log[1].globalPosition });
    expect(afterTen.map((event) => event.globalPosition.commit)).toEqual([99n, 100n]);
  });

  it('stores the recordedAt of the injected clock', async () => {
    const at = new Date('2025-06-01T09:30:00.123Z');
    const clocked = new PostgresEventStore({ pool: appPool, schema, clock: () => at });
    const streamId = `${category()}-clocked`;
    await clocked.appendToStream(streamId, [{ type: 'A', data: {} }], context);
    const { events } = await clocked.readStream(streamId);
    expect(events[0].recordedAt).toEqual(at);
    await clocked.close();
  });

  it('wakes a subscriber of another store instance by notification, without waiting for its poll', async () => {
    const listening = new PostgresEventStore({ pool: appPool, schema, pollIntervalMs: 60_000 });
    const writing = new PostgresEventStore({ pool: appPool, schema });
    const cat = category();
    const received: string[] = [];
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    const subscription = listening.subscribeToAll({
      subscriptionId: `wake-${cat}`,
      categories: [cat],
      handler: async (event) => {
        received.push(event.streamId);
      },
      onCaughtUp: () => caughtUp(),
    });
    try {
      await ready;
      const started = Date.now();
      await writing.appendToStream(`${cat}-1`, [{ type: 'A', data: {} }], context);
      while (received.length === 0 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 10));
      expect(received).toEqual([`${cat}-1`]);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await subscription.stop();
      await Promise.all([listening.close(), writing.close()]);
    }
  });

  it('appends without a notification inside the transaction (which would serialise concurrent commits)', async () => {
    const { rows } = await db.pool.query<{ body: string }>(
      `SELECT prosrc AS body FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 AND p.proname = 'append_events'`,
      [schema],
    );
    expect(rows[0].body).not.toMatch(/notify/i);
  });

  describe('immutability', () => {
    let streamId: string;
    beforeAll(async () => {
      streamId = `${category()}-immutable`;
      await store.appendToStream(streamId, [{ type: 'A', data: { v: 1 } }], context);
    });

    const attempts = () => [
      `UPDATE ${schema}.events SET data = '{"v":2}' WHERE stream_id = '${streamId}'`,
      `DELETE FROM ${schema}.events WHERE stream_id = '${streamId}'`,
      `TRUNCATE ${schema}.events`,
    ];

    it('refuses UPDATE, DELETE and TRUNCATE to the application role: it holds no such privilege', async () => {
      for (const sql of [...attempts(), `ALTER TABLE ${schema}.events DISABLE TRIGGER USER`]) {
        await expect(appPool.query(sql)).rejects.toMatchObject({ code: '42501' });
      }
    });

    it('refuses them to the owner too: the triggers raise', async () => {
      for (const sql of attempts()) {
        await expect(db.pool.query(sql)).rejects.toMatchObject({
          code: 'ES403',
          message: expect.stringContaining('append-only'),
        });
      }
      const { events } = await store.readStream(streamId);
      expect(events.map((event) => event.data)).toEqual([{ v: 1 }]);
    });

    it('grants the application role only what it needs', async () => {
      const { rows } = await db.pool.query<{ privilege_type: string }>(
        `SELECT privilege_type FROM information_schema.role_table_grants
          WHERE table_schema = $1 AND table_name = 'events' AND grantee = $2 ORDER BY privilege_type`,
        [schema, eventStoreAppRole(schema)],
      );
      expect(rows.map((row) => row.privilege_type)).toEqual(['INSERT', 'SELECT']);
    });
  });
});
