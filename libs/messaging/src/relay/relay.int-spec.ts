import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { integrationContracts, type ReferralReceivedV1 } from '@lib/contracts';
import {
  installPostgresEventStore,
  PostgresCheckpointStore,
  PostgresEventStore,
  START,
  type CheckpointStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@lib/event-store';
import { Registry } from 'prom-client';
import { createTestDatabase, type TestDatabase } from '../../../testing/src/test-postgres.js';
import { installPostgresLogTransport, PostgresLogTransport } from '../postgres/postgres-log-transport.js';
import type { Consumer, IncomingMessage } from '../transport.port.js';
import { integrationMessageId } from './message-id.js';
import { MappingUnavailableError, Relay, RelayMappingError, type OutgoingMessageWithTopic } from './relay.js';

const STORE = 'relay_es';
const BUS = 'relay_bus';
const TOPIC = 'referral-intake.referrals';
const registry = integrationContracts();
const context = { actor: { id: 'officer-1', role: 'police-officer' }, correlationId: 'corr-relay' };

/** The intake's private domain event: personal data and a rationale that must never reach a topic. */
interface ReferralRecorded {
  referralId: string;
  subjectName: string;
  dateOfBirth: string;
  area: string;
  age: number;
  note: string;
}

const recorded = (referralId: string, age = 15): ReferralRecorded => ({
  referralId,
  subjectName: 'Jane Doe',
  dateOfBirth: '2010-01-01',
  area: 'E08000025',
  age,
  note: 'free text about the person',
});

/** The service's mapping: only the statistical fields, field by field. */
function map(event: RecordedEvent): OutgoingMessageWithTopic[] {
  if (event.type !== 'ReferralRecorded') return [];
  const data = event.data as ReferralRecorded;
  const payload: ReferralReceivedV1 = {
    referralId: data.referralId,
    area: data.area,
    region: 'E12000005',
    sector: 'education',
    concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
    ageAtReferral: data.age,
    gender: 'female',
    receivedAt: event.recordedAt.toISOString(),
  };
  return [{ topic: TOPIC, type: 'ReferralReceived', version: 1, payload }];
}

async function eventually<T>(
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(20);
  }
}

describe('the relay (outbox) on the PostgreSQL event store and log', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let transport: PostgresLogTransport;
  let checkpoints: PostgresCheckpointStore;

  beforeAll(async () => {
    db = await createTestDatabase('relay');
    await installPostgresEventStore(db.pool, STORE);
    await installPostgresLogTransport(db.pool, BUS);
    store = new PostgresEventStore({ pool: db.pool, schema: STORE, pollIntervalMs: 50 });
    transport = new PostgresLogTransport({ pool: db.pool, schema: BUS, partitions: 4, pollIntervalMs: 50 });
    checkpoints = new PostgresCheckpointStore(db.pool, STORE);
  });
  afterAll(async () => {
    await transport?.close();
    await store?.close();
    await db?.drop();
  });

  /** Collects what a fresh consumer group receives on the topic. */
  function collect(groupId = `g-${randomUUID()}`): { received: IncomingMessage[]; consumer: Consumer } {
    const received: IncomingMessage[] = [];
    const consumer = transport.consume({
      topics: [TOPIC],
      groupId,
      handler: async (message) => {
        received.push(message);
      },
    });
    return { received, consumer };
  }

  async function append(streamId: string, events: { type: string; data: unknown }[]): Promise<void> {
    await store.appendToStream(streamId, events, { ...context, expectedRevision: 'any' });
  }

  it('publishes each mapped event once its contract is checked, keyed by stream, with derived headers', async () => {
    const streamId = `referral-${randomUUID()}`;
    const referralId = randomUUID();
    await append(streamId, [
      { type: 'ReferralRecorded', data: recorded(referralId) },
      { type: 'OfficerAssigned', data: { officer: 'x' } },
    ]);
    const { received, consumer } = collect();
    const relay = new Relay({ store, transport, registry, subscriptionId: 'relay-a', checkpoints, map });
    relay.start();
    await eventually(
      () => received.filter((m) => m.key === streamId),
      (list) => list.length >= 1,
    );
    await relay.stop();
    await consumer.stop();

    const [message, ...others] = received.filter((m) => m.key === streamId);
    expect(others).toEqual([]);
    const { events } = await store.readStream(streamId);
    expect(message.topic).toBe(TOPIC);
    expect(message.headers).toEqual({
      eventId: integrationMessageId(events[0].eventId, 'ReferralReceived', 1),
      type: 'ReferralReceived',
      schemaVersion: 1,
      correlationId: 'corr-relay',
      causationId: events[0].eventId,
      occurredAt: events[0].recordedAt.toISOString(),
    });
    expect(message.payload).toEqual(expect.objectContaining({ referralId, ageAtReferral: 15 }));
    expect(JSON.stringify(message.payload)).not.toMatch(/Jane|2010-01-01|free text/);
    expect(await checkpoints.load('relay-a')).toEqual(events[1].globalPosition);
  });

  it('keeps the order of each stream, resumes from its checkpoint, and republishes with the same ids', async () => {
    const streams = Array.from({ length: 5 }, () => `referral-${randomUUID()}`);
    for (let round = 0; round < 4; round += 1) {
      for (const [index, streamId] of streams.entries()) {
        await append(streamId, [{ type: 'ReferralRecorded', data: recorded(randomUUID(), 10 + round * 10 + index) }]);
      }
    }
    const { received, consumer } = collect();
    const first = new Relay({ store, transport, registry, subscriptionId: 'relay-b', checkpoints, map });
    first.start();
    const mine = () => received.filter((m) => streams.includes(m.key));
    await eventually(mine, (list) => list.length >= 20);
    await first.stop();

    for (const streamId of streams) {
      const ages = mine()
        .filter((m) => m.key === streamId)
        .map((m) => (m.payload as ReferralReceivedV1).ageAtReferral ?? -1);
      expect(ages).toEqual([...ages].sort((a, b) => a - b));
      expect(ages).toHaveLength(4);
    }

    // A second relay under the same name starts from the checkpoint: nothing again.
    const second = new Relay({ store, transport, registry, subscriptionId: 'relay-b', checkpoints, map });
    second.start();
    await sleep(300);
    await second.stop();
    expect(mine()).toHaveLength(20);

    // Losing the checkpoint (the worst crash) republishes everything, with the same message ids.
    const firstIds = mine().map((m) => m.headers.eventId);
    await checkpoints.store('relay-b', START);
    const third = new Relay({ store, transport, registry, subscriptionId: 'relay-b', checkpoints, map });
    third.start();
    await eventually(mine, (list) => list.length >= 40);
    await third.stop();
    await consumer.stop();
    const again = mine()
      .slice(20)
      .map((m) => m.headers.eventId);
    expect(again.sort()).toEqual([...firstIds].sort());
  });

  it('publishes before the checkpoint moves: a failed checkpoint write means a republish, never a loss', async () => {
    const streamId = `flaky-${randomUUID()}`;
    await append(streamId, [{ type: 'ReferralRecorded', data: recorded(randomUUID()) }]);
    // Past the horizon (other test files' transactions may hold it back), so the relay's first batch holds it.
    await eventually(
      () => store.readAll({ categories: ['flaky'] }),
      (events) => events.length === 1,
    );
    let failures = 2; // the batch’s checkpoint write and the one the subscription retries as it stops
    const flaky: CheckpointStore = {
      load: (id) => checkpoints.load(id),
      async store(id: string, position: GlobalPosition) {
        if (failures-- > 0) throw new Error('checkpoint table unavailable');
        await checkpoints.store(id, position);
      },
    };
    const errors: unknown[] = [];
    const { received, consumer } = collect();
    const relay = new Relay({
      store,
      transport,
      registry,
      subscriptionId: 'relay-c',
      categories: ['flaky'],
      checkpoints: flaky,
      map,
      restartBackoff: { initialMs: 10, maxMs: 10 },
      onError: (error) => errors.push(error),
    });
    relay.start();
    const mine = () => received.filter((m) => m.key === streamId);
    await eventually(mine, (list) => list.length >= 2);
    await relay.stop();
    await consumer.stop();
    expect(errors.map(String)).toContain('Error: checkpoint table unavailable');
    const [first, second] = mine();
    expect(second.headers.eventId).toBe(first.headers.eventId);
  });

  it('refuses to publish a payload that breaks its contract: it stops, loudly, before that event', async () => {
    const streamId = `broken-${randomUUID()}`;
    await append(streamId, [
      { type: 'ReferralRecorded', data: recorded(randomUUID(), 40) },
      { type: 'ReferralRecorded', data: recorded(randomUUID(), 400) },
      { type: 'ReferralRecorded', data: recorded(randomUUID(), 41) },
    ]);
    const { events } = await store.readStream(streamId);
    const { received, consumer } = collect();
    const metrics = new Registry();
    const relay = new Relay({
      store,
      transport,
      registry,
      subscriptionId: 'relay-d',
      categories: ['broken'],
      checkpoints,
      map,
      metrics: { registry: metrics },
    });
    relay.start();
    const failure = await relay.done.then(
      () => undefined,
      (error: unknown) => error,
    );
    await sleep(200);
    await consumer.stop();

    expect(failure).toBeInstanceOf(RelayMappingError);
    expect(String(failure)).toContain(`ReferralRecorded ${events[1].eventId} (${streamId}@1)`);
    expect(String(failure)).toContain('/ageAtReferral must be <= 120');
    expect(
      received.filter((m) => m.key === streamId).map((m) => (m.payload as ReferralReceivedV1).ageAtReferral),
    ).toEqual([40]);
    expect(await checkpoints.load('relay-d')).toEqual(events[0].globalPosition);
    expect(await metrics.metrics()).toMatch(/messaging_relay_failures_total\{relay="relay-d"\} 1/);
  });

  it('reports on /metrics what it published and how far behind the store it is', async () => {
    const metrics = new Registry();
    const streamId = `metrics-${randomUUID()}`;
    await append(streamId, [
      { type: 'ReferralRecorded', data: recorded(randomUUID()) },
      { type: 'ReferralRecorded', data: recorded(randomUUID()) },
    ]);
    const relay = new Relay({
      store,
      transport,
      registry,
      subscriptionId: 'relay-e',
      categories: ['metrics'],
      checkpoints,
      map,
      metrics: { registry: metrics },
    });
    relay.start();
    const text = await eventually(
      () => metrics.metrics(),
      (body) =>
        body.includes(
          'messaging_relay_published_total{relay="relay-e",topic="referral-intake.referrals",type="ReferralReceived"} 2',
        ),
    );
    expect(text).toContain(
      'messaging_relay_published_total{relay="relay-e",topic="referral-intake.referrals",type="ReferralReceived"} 2',
    );
    expect(text).toContain('messaging_relay_lag_seconds{relay="relay-e"} 0');
    await relay.stop();
  });

  it('is behind while the transport is down, restarts from its checkpoint, and catches up once it is back', async () => {
    const metrics = new Registry();
    const outage = new PostgresLogTransport({ pool: db.pool, schema: BUS, partitions: 4, pollIntervalMs: 50 });
    await outage.close(); // publish() now throws, as when the broker is unreachable
    let now = new Date();
    const relay = new Relay({
      store,
      transport: outage,
      registry,
      subscriptionId: 'relay-f',
      categories: ['outage'],
      checkpoints,
      map,
      metrics: { registry: metrics },
      restartBackoff: { initialMs: 10, maxMs: 20 },
      clock: () => now,
    });
    relay.start();
    const streamId = `outage-${randomUUID()}`;
    await append(streamId, [{ type: 'ReferralRecorded', data: recorded(randomUUID()) }]);
    const { events } = await store.readStream(streamId);
    now = new Date(events[0].recordedAt.getTime() + 90_000);
    const text = await eventually(
      () => metrics.metrics(),
      (body) => /messaging_relay_failures_total\{relay="relay-f"\} [2-9]/.test(body),
    );
    expect(text).toContain('messaging_relay_lag_seconds{relay="relay-f"} 90');
    expect(await checkpoints.load('relay-f')).toBeNull();
    await relay.stop();

    const { received, consumer } = collect();
    const recovered = new Relay({
      store,
      transport,
      registry,
      subscriptionId: 'relay-f',
      categories: ['outage'],
      checkpoints,
      map,
    });
    recovered.start();
    await eventually(
      () => received.filter((m) => m.key === streamId),
      (list) => list.length >= 1,
    );
    await recovered.stop();
    await consumer.stop();
    expect(await checkpoints.load('relay-f')).toEqual(events[0].globalPosition);
  });

  it('publishes each event before reading the next when it has no checkpoint store of its own', async () => {
    const streamId = `plain-${randomUUID()}`;
    await append(streamId, [
      { type: 'ReferralRecorded', data: recorded(randomUUID(), 20) },
      { type: 'ReferralRecorded', data: recorded(randomUUID(), 21) },
    ]);
    const { received, consumer } = collect();
    const relay = new Relay({ store, transport, registry, subscriptionId: 'relay-g', categories: ['plain'], map });
    relay.start();
    const mine = await eventually(
      () => received.filter((m) => m.key === streamId),
      (list) => list.length >= 2,
    );
    await relay.stop();
    await consumer.stop();
    expect(mine.map((m) => (m.payload as ReferralReceivedV1).ageAtReferral)).toEqual([20, 21]);
  });

  it('refuses a mapping that gives one event the same contract twice', async () => {
    const streamId = `twice-${randomUUID()}`;
    await append(streamId, [{ type: 'ReferralRecorded', data: recorded(randomUUID()) }]);
    const relay = new Relay({
      store,
      transport,
      registry,
      subscriptionId: 'relay-h',
      categories: ['twice'],
      checkpoints,
      map: (event) => [...map(event), ...map(event)],
    });
    relay.start();
    await expect(relay.done).rejects.toThrow(/the mapping returned ReferralReceived.v1 twice/);
  });

  it('awaits an async mapping before the next event, so the order per stream is kept', async () => {
    const streamId = `async-${randomUUID()}`;
    await append(streamId, [
      { type: 'ReferralRecorded', data: recorded(randomUUID(), 30) },
      { type: 'ReferralRecorded', data: recorded(randomUUID(), 31) },
      { type: 'ReferralRecorded', data: recorded(randomUUID(), 32) },
    ]);
    const { received, consumer } = collect();
    // the first event's lookup is the slowest: an unawaited mapping would publish it last
    const delays = [60, 20, 0];
    let calls = 0;
    const relay = new Relay({
      store,
      transport,
      registry,
      subscriptionId: 'relay-async',
      categories: ['async'],
      checkpoints,
      map: async (event) => {
        await sleep(delays[calls++] ?? 0);
        return map(event);
      },
    });
    relay.start();
    const mine = await eventually(
      () => received.filter((m) => m.key === streamId),
      (list) => list.length >= 3,
    );
    await relay.stop();
    await consumer.stop();
    expect(mine.map((m) => (m.payload as ReferralReceivedV1).ageAtReferral)).toEqual([30, 31, 32]);
  });

  it('retries from its checkpoint when an async mapping cannot reach what it looks up, and stays up', async () => {
    const streamId = `lookup-${randomUUID()}`;
    await append(streamId, [{ type: 'ReferralRecorded', data: recorded(randomUUID(), 40) }]);
    const { received, consumer } = collect();
    const errors: unknown[] = [];
    let attempts = 0;
    const relay = new Relay({
      store,
      transport,
      registry,
      subscriptionId: 'relay-lookup',
      categories: ['lookup'],
      checkpoints,
      restartBackoff: { initialMs: 10, maxMs: 20 },
      onError: (error) => errors.push(error),
      map: async (event) => {
        attempts += 1;
        if (attempts <= 2) throw new MappingUnavailableError('the key store is out of reach');
        return map(event);
      },
    });
    relay.start();
    const mine = await eventually(
      () => received.filter((m) => m.key === streamId),
      (list) => list.length >= 1,
    );
    await relay.stop();
    await consumer.stop();
    await expect(relay.done).resolves.toBeUndefined();
    expect(mine.map((m) => (m.payload as ReferralReceivedV1).ageAtReferral)).toEqual([40]);
    expect(errors).toHaveLength(2);
    expect(errors.every((error) => error instanceof MappingUnavailableError)).toBe(true);
  });

  it('stops for good when an async mapping rejects with anything else: a bug', async () => {
    const streamId = `rejects-${randomUUID()}`;
    await append(streamId, [{ type: 'ReferralRecorded', data: recorded(randomUUID()) }]);
    const relay = new Relay({
      store,
      transport,
      registry,
      subscriptionId: 'relay-rejects',
      categories: ['rejects'],
      checkpoints,
      map: async () => {
        throw new TypeError('cannot read the date of birth');
      },
    });
    relay.start();
    await expect(relay.done).rejects.toBeInstanceOf(RelayMappingError);
    expect(await checkpoints.load('relay-rejects')).toBeNull();
  });
});

describe('integration message ids', () => {
  it('are name-based UUIDs: the same for the same event and contract, different otherwise', () => {
    const id = integrationMessageId('0b7f6a0e-4c1e-4d7e-9a56-2f4c8e1d3a10', 'ReferralReceived', 1);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(integrationMessageId('0b7f6a0e-4c1e-4d7e-9a56-2f4c8e1d3a10', 'ReferralReceived', 1)).toBe(id);
    expect(integrationMessageId('0b7f6a0e-4c1e-4d7e-9a56-2f4c8e1d3a10', 'ReferralReceived', 2)).not.toBe(id);
    expect(integrationMessageId('1b7f6a0e-4c1e-4d7e-9a56-2f4c8e1d3a10', 'ReferralReceived', 1)).not.toBe(id);
  });
});
