import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Registry } from 'prom-client';
import { createTestDatabase, type TestDatabase } from '../../../testing/src/test-postgres.js';
import { PostgresDeadLetters } from '../dead-letters/postgres-dead-letters.js';
import { transportContract } from '../transport.contract.js';
import type { MessageTransport } from '../transport.port.js';
import { partitionOf } from './partitioning.js';
import {
  APPEND_ONLY_SQLSTATE,
  PostgresLogTransport,
  installPostgresLogTransport,
  messagingAppRole,
} from './postgres-log-transport.js';

/** A pool whose connections act as the application role, as the runtime's do: the tests prove its grants suffice. */
function appRolePool(db: TestDatabase, schema: string, max: number, name = 'mq-test'): pg.Pool {
  const pool = new pg.Pool({
    connectionString: db.url,
    max,
    options: `-c role=${messagingAppRole(schema)}`,
    application_name: name,
  });
  pool.on('error', () => undefined);
  return pool;
}

transportContract('PostgreSQL log', async () => {
  const schema = 'mq_contract';
  const db = await createTestDatabase('mq');
  await installPostgresLogTransport(db.pool, schema);
  const pools: pg.Pool[] = [];
  const transports: MessageTransport[] = [];
  const open = () => {
    const pool = appRolePool(db, schema, 10);
    pools.push(pool);
    const transport = new PostgresLogTransport({ pool, schema, pollIntervalMs: 50 });
    transports.push(transport);
    return { pool, transport };
  };
  const first = open();
  return {
    transport: first.transport,
    deadLetters: new PostgresDeadLetters({ pool: first.pool, schema, transport: first.transport }),
    async openAnother() {
      return open().transport;
    },
    async dispose() {
      await Promise.all(transports.map((transport) => transport.close()));
      await Promise.all(pools.map((pool) => pool.end()));
      await db.drop();
    },
  };
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

const headers = () => ({
  eventId: randomUUID(),
  type: 'Noted',
  schemaVersion: 1,
  correlationId: randomUUID(),
  occurredAt: '2025-03-01T10:00:00.000Z',
});

describe('the PostgreSQL log transport', () => {
  const schema = 'mq_pg';
  let db: TestDatabase;
  let pool: pg.Pool;
  let transport: PostgresLogTransport;
  beforeAll(async () => {
    db = await createTestDatabase('mq');
    await Promise.all([installPostgresLogTransport(db.pool, schema), installPostgresLogTransport(db.pool, schema)]);
    await installPostgresLogTransport(db.pool, schema);
    pool = appRolePool(db, schema, 10);
    transport = new PostgresLogTransport({ pool, schema, pollIntervalMs: 50, partitions: 4 });
  });
  afterAll(async () => {
    await transport?.close();
    await pool?.end();
    await db?.drop();
  });

  let topicCount = 0;
  const newTopic = () => `pg.t${(topicCount += 1)}.${randomUUID().slice(0, 8)}`;

  it('refuses UPDATE, DELETE and TRUNCATE of messages, even to the owner, and gives the app role no such privilege', async () => {
    const topic = newTopic();
    await transport.publish(topic, [{ key: 'k', headers: headers(), payload: { n: 1 } }]);
    for (const statement of [
      `UPDATE ${schema}.messages SET payload = '{}'`,
      `DELETE FROM ${schema}.messages`,
      `TRUNCATE ${schema}.messages`,
    ]) {
      await expect(db.pool.query(statement)).rejects.toMatchObject({ code: APPEND_ONLY_SQLSTATE });
      await expect(pool.query(statement)).rejects.toMatchObject({ code: '42501' });
    }
    await expect(pool.query(`DELETE FROM ${schema}.dead_letters`)).rejects.toMatchObject({ code: '42501' });
    await expect(pool.query(`UPDATE ${schema}.dead_letters SET error = 'x'`)).rejects.toMatchObject({ code: '42501' });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM ${schema}.messages WHERE topic = $1`, [topic]);
    expect(rows[0].n).toBe(1);
  });

  it('never hands out a message before one of a publishing transaction that began earlier and commits later', async () => {
    const topic = newTopic();
    const received: number[] = [];
    const consumer = transport.consume({
      topics: [topic],
      groupId: 'late-commit',
      handler: async (message) => {
        received.push((message.payload as { n: number }).n);
      },
    });
    const slow = await db.pool.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO ${schema}.messages (topic, partition, key, headers, payload, published_at)
         VALUES ($1, $2, 'k', $3, '{"n":1}', now())`,
        [topic, partitionOf('k', 4), JSON.stringify(headers())],
      );
      await transport.publish(topic, [{ key: 'k', headers: headers(), payload: { n: 2 } }]);
      await sleep(300);
      expect(received).toEqual([]);
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    await eventually(() => received.length === 2, 'both messages');
    expect(received).toEqual([1, 2]);
    await consumer.stop();
  });

  it('wakes a consumer in another process by notification, without waiting for its poll', async () => {
    const topic = newTopic();
    const otherPool = appRolePool(db, schema, 4);
    const sleepy = new PostgresLogTransport({ pool: otherPool, schema, pollIntervalMs: 60_000, partitions: 4 });
    const received: string[] = [];
    const consumer = sleepy.consume({
      topics: [topic],
      groupId: 'notified',
      handler: async (message) => {
        received.push(message.key);
      },
    });
    try {
      await sleep(200); // subscribed and idle
      const published = Date.now();
      await transport.publish(topic, [{ key: 'wake-up', headers: headers(), payload: {} }]);
      await eventually(() => received.length === 1, 'the notified delivery', 5_000);
      expect(Date.now() - published).toBeLessThan(2_000);
    } finally {
      await consumer.stop();
      await sleepy.close();
      await otherPool.end();
    }
  });

  it('hands the partitions of a consumer whose process died to the rest of its group', async () => {
    const topic = newTopic();
    const groupId = 'takeover';
    const handled = new Map<string, number>();
    const handler = async (message: { headers: { eventId: string } }) => {
      handled.set(message.headers.eventId, (handled.get(message.headers.eventId) ?? 0) + 1);
    };
    const doomedPool = appRolePool(db, schema, 4, 'doomed');
    const doomed = new PostgresLogTransport({ pool: doomedPool, schema, pollIntervalMs: 50, partitions: 4 });
    const victim = doomed.consume({ topics: [topic], groupId, handler });
    await sleep(150);
    const survivor = transport.consume({ topics: [topic], groupId, handler });
    try {
      const owners = async () => {
        const { rows } = await db.pool.query<{ pid: number; n: number }>(
          `SELECT pid, count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY pid`,
        );
        return rows;
      };
      // Two members, two topics (the topic and the group's replay topic) of 4 partitions: 4 each.
      await eventually(async () => (await owners()).map((o) => o.n).join() === '4,4', 'an even split');
      // The victim's process dies: its session ends, its locks with it.
      await db.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'doomed' AND datname = current_database()`,
      );
      await expect(victim.done).rejects.toBeDefined();
      await eventually(async () => (await owners()).map((o) => o.n).join() === '8', 'the takeover');
      const sent = Array.from({ length: 40 }, (_, n) => ({ key: `case-${n}`, headers: headers(), payload: { n } }));
      await transport.publish(topic, sent);
      await eventually(() => handled.size === 40, 'every message handled by the survivor');
      expect([...handled.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await survivor.stop();
      await doomed.close();
      await doomedPool.end();
    }
  });

  it('reports consumer lag per group, topic and partition as it works', async () => {
    const registry = new Registry();
    const metered = new PostgresLogTransport({ pool, schema, pollIntervalMs: 50, partitions: 4, registry });
    const topic = newTopic();
    await metered.publish(
      topic,
      Array.from({ length: 20 }, (_, n) => ({ key: 'one-key', headers: headers(), payload: { n } })),
    );
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    const consumer = metered.consume({
      topics: [topic],
      groupId: 'lagging',
      handler: async () => {
        if (handled === 5) await gate;
        handled += 1;
      },
    });
    const lagOf = async () => {
      const metric = await registry.getSingleMetric('messaging_consumer_lag')?.get();
      return (metric?.values ?? []).filter((v) => v.labels.topic === topic && v.labels.group === 'lagging');
    };
    try {
      await eventually(() => handled === 5, 'five handled');
      await sleep(50);
      const busy = await lagOf();
      expect(busy.map((v) => v.value)).toContain(15);
      release();
      await eventually(() => handled === 20, 'all handled');
      await eventually(async () => (await lagOf()).every((v) => v.value === 0), 'no lag');
      expect((await lagOf()).length).toBeGreaterThan(0);
    } finally {
      release();
      await consumer.stop();
    }
  });
});
