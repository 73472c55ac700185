import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { integrationContracts, ReferralReceivedV1, ReferredToChannelV1 } from '@lib/contracts';
import { Registry } from 'prom-client';
import { createTestDatabase, type TestDatabase } from '../../../testing/src/test-postgres.js';
import { PostgresDeadLetters } from '../dead-letters/postgres-dead-letters.js';
import { installPostgresLogTransport, PostgresLogTransport } from '../postgres/postgres-log-transport.js';
import type { IncomingMessage, OutgoingMessage } from '../transport.port.js';
import { consumeIntegrationEvents } from './integration-consumer.js';
import { installPostgresInbox, PostgresInbox } from './postgres-inbox.js';

const SCHEMA = 'inbox_rm';
const BUS = 'inbox_bus';
const TOPIC = 'referral-intake.referrals';

function incoming(eventId = randomUUID()): IncomingMessage {
  return {
    topic: TOPIC,
    partition: 0,
    offset: '1',
    attempt: 1,
    key: 'referral-1',
    headers: {
      eventId,
      type: 'ReferralReceived',
      schemaVersion: 1,
      correlationId: 'c',
      occurredAt: new Date().toISOString(),
    },
    payload: ReferralReceivedV1.example,
  };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(20);
  }
}

describe('the PostgreSQL inbox', () => {
  let db: TestDatabase;
  let inbox: PostgresInbox;
  const effects = () =>
    db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.effects`).then((r) => r.rows[0].n);
  const effect = (label: string) => async (tx: { query: (sql: string, values: unknown[]) => Promise<unknown> }) => {
    await tx.query(`INSERT INTO ${SCHEMA}.effects (label) VALUES ($1)`, [label]);
  };

  beforeAll(async () => {
    db = await createTestDatabase('inbox');
    await installPostgresInbox(db.pool, SCHEMA);
    await installPostgresInbox(db.pool, SCHEMA); // idempotent
    await db.pool.query(`CREATE TABLE ${SCHEMA}.effects (label text NOT NULL)`);
    inbox = new PostgresInbox({ pool: db.pool, schema: SCHEMA });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('runs the effect once: a redelivered message is a duplicate with no second effect', async () => {
    const message = incoming();
    const before = await effects();
    expect(await inbox.handleOnce('group-a', message, effect('first'))).toBe('handled');
    expect(await inbox.handleOnce('group-a', { ...message, offset: '7', attempt: 1 }, effect('again'))).toBe(
      'duplicate',
    );
    expect((await effects()) - before).toBe(1);
    expect(await inbox.has('group-a', message.headers.eventId)).toBe(true);
  });

  it('records nothing when the effect fails, so the retry has its effect', async () => {
    const message = incoming();
    await expect(
      inbox.handleOnce('group-a', message, async (tx) => {
        await effect('lost')(tx);
        throw new Error('read model gap');
      }),
    ).rejects.toThrow('read model gap');
    expect(await inbox.has('group-a', message.headers.eventId)).toBe(false);
    const { rows } = await db.pool.query(`SELECT 1 FROM ${SCHEMA}.effects WHERE label = 'lost'`);
    expect(rows).toHaveLength(0);
    expect(await inbox.handleOnce('group-a', message, effect('retried'))).toBe('handled');
  });

  it('gives two concurrent deliveries of one message one effect', async () => {
    const message = incoming();
    const before = await effects();
    const slowEffect = async (tx: Parameters<Parameters<PostgresInbox['handleOnce']>[2]>[0]) => {
      await tx.query('SELECT pg_sleep(0.1)');
      await effect('concurrent')(tx);
    };
    const outcomes = await Promise.all([
      inbox.handleOnce('group-a', message, slowEffect),
      inbox.handleOnce('group-a', message, slowEffect),
    ]);
    expect(outcomes.sort()).toEqual(['duplicate', 'handled']);
    expect((await effects()) - before).toBe(1);
  });

  it('keeps each consumer group’s record apart', async () => {
    const message = incoming();
    expect(await inbox.handleOnce('group-a', message, effect('a'))).toBe('handled');
    expect(await inbox.handleOnce('group-b', message, effect('b'))).toBe('handled');
    expect(await inbox.handleOnce('group-b', message, effect('b'))).toBe('duplicate');
  });

  it('leaves the pool healthy after a duplicate and a failure (connections released)', async () => {
    for (let i = 0; i < 30; i += 1) {
      const message = incoming();
      await inbox.handleOnce('group-c', message, effect('x'));
      await inbox.handleOnce('group-c', message, effect('x'));
      await inbox.handleOnce('group-c', incoming(), () => Promise.reject(new Error('no'))).catch(() => undefined);
    }
    expect(db.pool.totalCount).toBeLessThanOrEqual(12);
    expect(db.pool.waitingCount).toBe(0);
  });
});

describe('consuming integration events: contract, inbox, effect', () => {
  let db: TestDatabase;
  let transport: PostgresLogTransport;
  let inbox: PostgresInbox;
  const registry = integrationContracts();

  beforeAll(async () => {
    db = await createTestDatabase('consumer');
    await installPostgresLogTransport(db.pool, BUS);
    await installPostgresInbox(db.pool, SCHEMA);
    await db.pool.query(
      `CREATE TABLE ${SCHEMA}.cases (referral_id uuid PRIMARY KEY, area text NOT NULL, opened int NOT NULL DEFAULT 1)`,
    );
    transport = new PostgresLogTransport({ pool: db.pool, schema: BUS, partitions: 2, pollIntervalMs: 50 });
    inbox = new PostgresInbox({ pool: db.pool, schema: SCHEMA });
  });
  afterAll(async () => {
    await transport?.close();
    await db?.drop();
  });

  const message = (type: string, payload: unknown, eventId = randomUUID()): OutgoingMessage => ({
    key: `referral-${randomUUID()}`,
    headers: { eventId, type, schemaVersion: 1, correlationId: 'corr', occurredAt: new Date().toISOString() },
    payload,
  });

  it('applies a valid message once however often it arrives, dead-letters one that breaks its contract, ignores types it does not use', async () => {
    const metrics = new Registry();
    const groupId = 'channel-panel.cases-from-referrals';
    const handled: string[] = [];
    const consumer = consumeIntegrationEvents({
      transport,
      registry,
      inbox,
      groupId,
      topics: [TOPIC],
      types: ['ReferredToChannel'],
      retry: { maxAttempts: 2, initialBackoffMs: 10 },
      metrics: { registry: metrics },
      handle: async (incomingMessage, tx) => {
        const payload = incomingMessage.payload as typeof ReferredToChannelV1.example;
        handled.push(payload.referralId);
        await tx.query(
          `INSERT INTO ${SCHEMA}.cases (referral_id, area) VALUES ($1, $2)
           ON CONFLICT (referral_id) DO UPDATE SET opened = cases.opened + 1`,
          [payload.referralId, payload.area],
        );
      },
    });
    const valid = message('ReferredToChannel', ReferredToChannelV1.example);
    const { subjectId: _subjectId, ...withoutSubject } = ReferredToChannelV1.example;
    const invalid = message('ReferredToChannel', { ...withoutSubject, referralId: randomUUID() });
    const unused = message('ReferralReceived', { anything: true });
    await transport.publish(TOPIC, [valid, invalid, unused, valid]);
    await transport.publish(TOPIC, [valid]);

    const deadLetters = new PostgresDeadLetters({ pool: db.pool, schema: BUS, transport });
    const letters = await eventually(
      () => deadLetters.list(groupId),
      (list) => list.length >= 1,
    );
    const text = await eventually(
      () => metrics.metrics(),
      (body) => body.includes(`messaging_inbox_messages_total{group="${groupId}",outcome="duplicate"} 2`),
    );
    await consumer.stop();

    const { rows } = await db.pool.query(`SELECT referral_id, opened FROM ${SCHEMA}.cases`);
    expect(rows).toEqual([{ referral_id: ReferredToChannelV1.example.referralId, opened: 1 }]);
    expect(handled).toEqual([ReferredToChannelV1.example.referralId]);
    expect(letters).toHaveLength(1);
    expect(letters[0].original.headers.eventId).toBe(invalid.headers.eventId);
    expect(letters[0].error).toContain(
      "ReferredToChannel.v1 on referral-intake.referrals rejected: payload must have required property 'subjectId'",
    );
    expect(text).toContain(`messaging_inbox_messages_total{group="${groupId}",outcome="handled"} 1`);
    expect(text).toContain(`messaging_inbox_messages_total{group="${groupId}",outcome="ignored"} 1`);
    expect(text).toMatch(new RegExp(`messaging_consumer_delay_seconds_count\\{group="${groupId}"\\} 1`));
  });
});
