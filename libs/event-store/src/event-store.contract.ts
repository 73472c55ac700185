import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { InvalidAppendError, WrongExpectedRevisionError, EventStoreError } from './event-store.errors.js';
import {
  comparePositions,
  type AppendOptions,
  type EventStore,
  type GlobalPosition,
  type ReadAllOptions,
  type RecordedEvent,
  type Subscription,
  type SubscriptionOptions,
} from './event-store.port.js';
import { UpcasterRegistry } from './upcasting.js';

/**
 * The behaviour every event store adapter owes the services, run by each adapter's
 * `*.int-spec.ts` against a real backend.
 *
 * The backend need not be empty (a shared KurrentDB server is fine): every test uses streams
 * of fresh random categories and reads the global log filtered by them.
 *
 * The stores the fixture hands out must be built with {@link contractUpcasters}.
 */
export interface EventStoreFixture {
  store: EventStore;
  /** Opens another store instance on the same backend, for concurrent-writer tests. */
  openAnother(): Promise<EventStore>;
  dispose(): Promise<void>;
}

/** `contract.ThingNamed` v1 `{ name }` becomes v2 `{ fullName }` on read. */
export function contractUpcasters(): UpcasterRegistry {
  return new UpcasterRegistry([
    {
      type: 'contract.ThingNamed',
      fromVersion: 1,
      upcast: (data) => ({ fullName: (data as { name: string }).name }),
    },
  ]);
}

const context = (overrides: Partial<AppendOptions> = {}): AppendOptions => ({
  expectedRevision: 'any',
  actor: { id: 'officer-42', role: 'prevent-officer' },
  reason: 'Contract test',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  ...overrides,
});

const newCategory = () => `c${randomBytes(6).toString('hex')}`;
const newStream = (category: string, suffix: string | number = randomBytes(4).toString('hex')) =>
  `${category}-${suffix}`;
const noted = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'contract.Noted', data: { n: i } }));

/** Waits for `check` to pass, for backends whose global log lags behind appends (PostgreSQL behind an open transaction). */
async function eventually<T>(
  produce: () => Promise<T> | T,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await produce();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function readAllOf(store: EventStore, count: number, options: ReadAllOptions): Promise<RecordedEvent[]> {
  return eventually(
    () => store.readAll(options),
    (events) => events.length >= count,
  );
}

/** A subscription that collects what it receives. */
function collect(
  store: EventStore,
  options: Partial<SubscriptionOptions> & { categories: readonly string[] },
): { received: RecordedEvent[]; subscription: Subscription; caughtUp: jest.Mock; errors: unknown[] } {
  const received: RecordedEvent[] = [];
  const errors: unknown[] = [];
  const caughtUp = jest.fn();
  const subscription = store.subscribeToAll({
    subscriptionId: `contract-${randomUUID()}`,
    handler: async (event) => {
      received.push(event);
    },
    onCaughtUp: caughtUp,
    onError: (error) => errors.push(error),
    ...options,
  });
  return { received, subscription, caughtUp, errors };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a rejection');
}

const ids = (events: readonly RecordedEvent[]) => events.map((event) => event.eventId);

function expectStrictlyIncreasing(positions: readonly GlobalPosition[]): void {
  for (let i = 1; i < positions.length; i += 1) {
    expect(comparePositions(positions[i - 1], positions[i])).toBe(-1);
  }
}

export function eventStoreContract(adapterName: string, createFixture: () => Promise<EventStoreFixture>): void {
  describe(`the ${adapterName} event store (contract)`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    beforeAll(async () => {
      fixture = await createFixture();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.dispose();
    });

    describe('appending with an expected revision', () => {
      it('no_stream creates the stream and conflicts once it exists', async () => {
        const streamId = newStream(newCategory());
        const result = await store.appendToStream(streamId, noted(3), context({ expectedRevision: 'no_stream' }));
        expect(result.nextExpectedRevision).toBe(2);
        const error = await rejection(
          store.appendToStream(streamId, noted(1), context({ expectedRevision: 'no_stream' })),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({
          code: 'event-store.wrong-expected-revision',
          streamId,
          expected: 'no_stream',
          actual: 2,
        });
        expect((await store.readStream(streamId)).revision).toBe(2);
      });

      it('a revision number must be the stream’s last revision', async () => {
        const streamId = newStream(newCategory());
        await store.appendToStream(streamId, noted(2), context({ expectedRevision: 'no_stream' }));
        const result = await store.appendToStream(streamId, noted(1), context({ expectedRevision: 1 }));
        expect(result.nextExpectedRevision).toBe(2);
        for (const stale of [0, 1, 3]) {
          const error = await rejection(store.appendToStream(streamId, noted(1), context({ expectedRevision: stale })));
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toBeInstanceOf(EventStoreError);
          expect(error).toMatchObject({ streamId, expected: stale, actual: 2 });
        }
        const missing = newStream(newCategory());
        const error = await rejection(store.appendToStream(missing, noted(1), context({ expectedRevision: 0 })));
        expect(error).toMatchObject({ streamId: missing, expected: 0, actual: 'no_stream' });
        expect((await store.readStream(streamId)).events).toHaveLength(3);
        expect((await store.readStream(missing)).revision).toBe('no_stream');
      });

      it('stream_exists refuses a new stream and appends to an existing one', async () => {
        const streamId = newStream(newCategory());
        const error = await rejection(
          store.appendToStream(streamId, noted(1), context({ expectedRevision: 'stream_exists' })),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
        await store.appendToStream(streamId, noted(1), context({ expectedRevision: 'no_stream' }));
        const result = await store.appendToStream(streamId, noted(2), context({ expectedRevision: 'stream_exists' }));
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('any appends whatever the stream’s state', async () => {
        const streamId = newStream(newCategory());
        expect(
          (await store.appendToStream(streamId, noted(1), context({ expectedRevision: 'any' }))).nextExpectedRevision,
        ).toBe(0);
        expect(
          (await store.appendToStream(streamId, noted(2), context({ expectedRevision: 'any' }))).nextExpectedRevision,
        ).toBe(2);
      });

      it('lets exactly one of two writers racing on the same revision win', async () => {
        const other = await fixture.openAnother();
        try {
          const streamId = newStream(newCategory());
          await store.appendToStream(streamId, noted(1), context({ expectedRevision: 'no_stream' }));
          const results = await Promise.allSettled(
            [store, other, store, other].map((writer) =>
              writer.appendToStream(streamId, noted(2), context({ expectedRevision: 0 })),
            ),
          );
          expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
          for (const result of results) {
            if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(WrongExpectedRevisionError);
          }
          const { events, revision } = await store.readStream(streamId);
          expect(revision).toBe(2);
          expect(events.map((event) => event.revision)).toEqual([0, 1, 2]);
        } finally {
          await other.close();
        }
      });

      it('never records an event id twice (a retried append fails with a typed error or is acknowledged)', async () => {
        const streamId = newStream(newCategory());
        const events = [{ type: 'contract.Noted', data: { n: 1 }, eventId: randomUUID() }];
        await store.appendToStream(streamId, events, context({ expectedRevision: 'no_stream' }));
        for (const expectedRevision of ['no_stream', 'any'] as const) {
          try {
            await store.appendToStream(streamId, events, context({ expectedRevision }));
          } catch (error) {
            expect(error).toBeInstanceOf(EventStoreError);
          }
        }
        expect((await store.readStream(streamId)).events.map((event) => event.eventId)).toEqual([events[0].eventId]);
      });

      it('refuses an empty append or a malformed event id as an invalid append', async () => {
        const streamId = newStream(newCategory());
        await expect(store.appendToStream(streamId, [], context())).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(
          store.appendToStream(streamId, [{ type: 'contract.Noted', data: {}, eventId: 'not-a-uuid' }], context()),
        ).rejects.toBeInstanceOf(InvalidAppendError);
      });
    });

    describe('reading a stream', () => {
      let streamId: string;
      beforeAll(async () => {
        streamId = newStream(newCategory());
        await store.appendToStream(streamId, noted(3), context({ expectedRevision: 'no_stream' }));
        await store.appendToStream(
          streamId,
          noted(2).map((e, i) => ({ ...e, data: { n: 3 + i } })),
          context({ expectedRevision: 2 }),
        );
      });

      it('reads forwards from the start', async () => {
        const { events, revision } = await store.readStream(streamId);
        expect(revision).toBe(4);
        expect(events.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(events.map((event) => (event.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
      });

      it('reads backwards from the end', async () => {
        const { events, revision } = await store.readStream(streamId, { direction: 'backwards' });
        expect(revision).toBe(4);
        expect(events.map((event) => event.revision)).toEqual([4, 3, 2, 1, 0]);
      });

      it('reads from a revision (inclusive), at most maxCount, in either direction', async () => {
        const forwards = await store.readStream(streamId, { fromRevision: 1, maxCount: 2 });
        expect(forwards.events.map((event) => event.revision)).toEqual([1, 2]);
        expect(forwards.revision).toBe(4);
        const backwards = await store.readStream(streamId, { direction: 'backwards', fromRevision: 3, maxCount: 2 });
        expect(backwards.events.map((event) => event.revision)).toEqual([3, 2]);
        const beyond = await store.readStream(streamId, { fromRevision: 9 });
        expect(beyond.events).toEqual([]);
        expect(beyond.revision).toBe(4);
      });

      it('reads a missing stream as no events and no_stream', async () => {
        expect(await store.readStream(newStream(newCategory()))).toEqual({ events: [], revision: 'no_stream' });
      });
    });

    describe('metadata', () => {
      it('is complete on every event, and each event links to the previous one’s hash', async () => {
        const streamId = newStream(newCategory());
        const eventId = randomUUID();
        const options = context({ expectedRevision: 'no_stream' });
        const before = Date.now();
        const first = await store.appendToStream(
          streamId,
          [
            { type: 'contract.Opened', data: { at: 'a' }, eventId },
            { type: 'contract.Noted', data: { n: 1 }, schemaVersion: 3 },
          ],
          options,
        );
        const second = await store.appendToStream(
          streamId,
          noted(1),
          context({ expectedRevision: 1, reason: undefined, causationId: undefined }),
        );
        const after = Date.now();
        const { events } = await store.readStream(streamId);
        expect(events).toHaveLength(3);
        expect(events[0]).toMatchObject({
          eventId,
          type: 'contract.Opened',
          schemaVersion: 1,
          streamId,
          revision: 0,
          actor: { id: 'officer-42', role: 'prevent-officer' },
          reason: 'Contract test',
          correlationId: options.correlationId,
          causationId: options.causationId,
          previousHash: '',
          data: { at: 'a' },
        });
        expect(events[1]).toMatchObject({ type: 'contract.Noted', schemaVersion: 3, revision: 1 });
        expect(events[2].reason).toBeUndefined();
        expect(events[2].causationId).toBeUndefined();
        for (const [i, event] of events.entries()) {
          expect(event.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
          expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(event.previousHash).toBe(i === 0 ? '' : events[i - 1].hash);
          expect(event.recordedAt).toBeInstanceOf(Date);
          expect(event.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 60_000);
          expect(event.recordedAt.getTime()).toBeLessThanOrEqual(after + 60_000);
          expect(typeof event.globalPosition.commit).toBe('bigint');
          expect(typeof event.globalPosition.prepare).toBe('bigint');
        }
        expectStrictlyIncreasing(events.map((event) => event.globalPosition));
        expect(comparePositions(events[1].globalPosition, first.position)).toBe(0);
        expect(comparePositions(events[2].globalPosition, second.position)).toBe(0);
        const [fromLog] = await readAllOf(store, 3, { categories: [streamId.split('-')[0]] });
        expect(fromLog).toEqual(events[0]);
      });
    });

    describe('upcasting', () => {
      it('brings old events to the newest schema version on every read, without rewriting them', async () => {
        const category = newCategory();
        const streamId = newStream(category);
        await store.appendToStream(
          streamId,
          [
            { type: 'contract.ThingNamed', data: { name: 'Old shape' }, schemaVersion: 1 },
            { type: 'contract.ThingNamed', data: { fullName: 'New shape' }, schemaVersion: 2 },
          ],
          context({ expectedRevision: 'no_stream' }),
        );
        const expected = [
          { schemaVersion: 2, data: { fullName: 'Old shape' } },
          { schemaVersion: 2, data: { fullName: 'New shape' } },
        ];
        const pick = (events: RecordedEvent[]) => events.map(({ schemaVersion, data }) => ({ schemaVersion, data }));
        const stream = await store.readStream(streamId);
        expect(pick(stream.events)).toEqual(expected);
        expect(pick(await readAllOf(store, 2, { categories: [category] }))).toEqual(expected);
        const { received, subscription } = collect(store, { categories: [category] });
        await eventually(
          () => received.length,
          (n) => n >= 2,
        );
        await subscription.stop();
        expect(pick(received)).toEqual(expected);
        const again = await store.readStream(streamId);
        expect(again.events[0].hash).toBe(stream.events[0].hash);
      });
    });

    describe('the global log', () => {
      it('reads strictly after a position, only the categories asked for, at most maxCount', async () => {
        const [wanted, alsoWanted, other] = [newCategory(), newCategory(), newCategory()];
        const a = newStream(wanted);
        const b = newStream(alsoWanted);
        const c = newStream(other);
        await store.appendToStream(a, noted(2), context());
        await store.appendToStream(c, noted(2), context());
        await store.appendToStream(b, noted(1), context());
        await store.appendToStream(a, noted(1), context());
        const all = await readAllOf(store, 4, { categories: [wanted, alsoWanted] });
        expect(all.map((event) => `${event.streamId}@${event.revision}`)).toEqual([
          `${a}@0`,
          `${a}@1`,
          `${b}@0`,
          `${a}@2`,
        ]);
        expectStrictlyIncreasing(all.map((event) => event.globalPosition));
        const after = await store.readAll({ after: all[1].globalPosition, categories: [wanted, alsoWanted] });
        expect(ids(after)).toEqual(ids(all.slice(2)));
        const limited = await store.readAll({ after: all[0].globalPosition, categories: [wanted], maxCount: 1 });
        expect(ids(limited)).toEqual([all[1].eventId]);
        expect(await store.readAll({ after: all[3].globalPosition, categories: [wanted, alsoWanted] })).toEqual([]);
        const others = await readAllOf(store, 2, { categories: [other] });
        expect(others.map((event) => event.streamId)).toEqual([c, c]);
      });
    });

    describe('subscriptions', () => {
      it('catch up with the log, then follow it live', async () => {
        const category = newCategory();
        const streamId = newStream(category);
        await store.appendToStream(streamId, noted(3), context());
        const { received, subscription, caughtUp } = collect(store, { categories: [category] });
        await eventually(
          () => received.length,
          (n) => n >= 3,
        );
        await eventually(
          () => caughtUp.mock.calls.length,
          (n) => n >= 1,
        );
        expect(caughtUp).toHaveBeenCalled();
        await store.appendToStream(streamId, noted(2), context());
        await store.appendToStream(newStream(category), noted(1), context());
        await eventually(
          () => received.length,
          (n) => n >= 6,
        );
        await subscription.stop();
        await expect(subscription.done).resolves.toBeUndefined();
        const log = await store.readAll({ categories: [category] });
        expect(ids(received)).toEqual(ids(log));
        expect(received).toHaveLength(6);
      });

      it('deliver only the categories asked for', async () => {
        const [wanted, other] = [newCategory(), newCategory()];
        const { received, subscription } = collect(store, { categories: [wanted] });
        await store.appendToStream(newStream(other), noted(2), context());
        await store.appendToStream(newStream(wanted), noted(1), context());
        await store.appendToStream(newStream(other), noted(1), context());
        await store.appendToStream(newStream(wanted), noted(1), context());
        await eventually(
          () => received.length,
          (n) => n >= 2,
        );
        await readAllOf(store, 3, { categories: [other] });
        await new Promise((resolve) => setTimeout(resolve, 200));
        await subscription.stop();
        expect(received.map((event) => event.streamId.split('-')[0])).toEqual([wanted, wanted]);
      });

      it('resume from their checkpoint after stop, without delivering anything again', async () => {
        const category = newCategory();
        const subscriptionId = `contract-${randomUUID()}`;
        await store.appendToStream(newStream(category), noted(3), context());
        const first = collect(store, { subscriptionId, categories: [category] });
        await eventually(
          () => first.received.length,
          (n) => n >= 3,
        );
        await first.subscription.stop();
        await store.appendToStream(newStream(category), noted(2), context());
        const second = collect(store, { subscriptionId, categories: [category] });
        await eventually(
          () => second.received.length,
          (n) => n >= 2,
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        await second.subscription.stop();
        expect(first.received).toHaveLength(3);
        expect(second.received).toHaveLength(2);
        const log = await store.readAll({ categories: [category] });
        expect([...ids(first.received), ...ids(second.received)]).toEqual(ids(log));
      });

      it('stop when the handler fails, reject done, report the error, and deliver the failed event again on resume', async () => {
        const category = newCategory();
        const subscriptionId = `contract-${randomUUID()}`;
        await store.appendToStream(newStream(category), noted(3), context());
        const failure = new Error('handler failed');
        const handled: RecordedEvent[] = [];
        const errors: unknown[] = [];
        const failing = store.subscribeToAll({
          subscriptionId,
          categories: [category],
          handler: async (event) => {
            if (handled.length === 1) throw failure;
            handled.push(event);
          },
          onError: (error) => errors.push(error),
        });
        await expect(failing.done).rejects.toBe(failure);
        expect(errors).toEqual([failure]);
        expect(handled).toHaveLength(1);
        const resumed = collect(store, { subscriptionId, categories: [category] });
        await eventually(
          () => resumed.received.length,
          (n) => n >= 2,
        );
        await resumed.subscription.stop();
        const log = await store.readAll({ categories: [category] });
        expect(ids(resumed.received)).toEqual(ids(log.slice(1)));
      });

      it('finish the event in hand when stopped, and deliver nothing after', async () => {
        const category = newCategory();
        const subscriptionId = `contract-${randomUUID()}`;
        await store.appendToStream(newStream(category), noted(3), context());
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered!: () => void;
        const inHand = new Promise<void>((resolve) => (entered = resolve));
        const finished: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({
          subscriptionId,
          categories: [category],
          handler: async (event) => {
            entered();
            await gate;
            finished.push(event);
          },
        });
        await inHand;
        let stopped = false;
        const stopping = subscription.stop().then(() => (stopped = true));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(stopped).toBe(false);
        release();
        await stopping;
        expect(finished).toHaveLength(1);
        await subscription.done;
        const resumed = collect(store, { subscriptionId, categories: [category] });
        await eventually(
          () => resumed.received.length,
          (n) => n >= 2,
        );
        await resumed.subscription.stop();
        const log = await store.readAll({ categories: [category] });
        expect(ids([...finished, ...resumed.received])).toEqual(ids(log));
      });

      it('deliver every event of 8 concurrent appenders exactly once, in global order', async () => {
        const category = newCategory();
        const appenders = 8;
        const appendsEach = 40;
        const writers = await Promise.all(Array.from({ length: appenders }, () => fixture.openAnother()));
        const { received, subscription, errors } = collect(store, { categories: [category] });
        try {
          await Promise.all(
            writers.map(async (writer, w) => {
              for (let i = 0; i < appendsEach; i += 1) {
                const streamId = newStream(category, `${w}-${i % 4}`);
                await writer.appendToStream(streamId, [{ type: 'contract.Noted', data: { w, i } }], context());
              }
            }),
          );
          const total = appenders * appendsEach;
          await eventually(
            () => received.length,
            (n) => n >= total,
            20_000,
          );
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(errors).toEqual([]);
          expect(received).toHaveLength(total);
          expect(new Set(ids(received)).size).toBe(total);
          expectStrictlyIncreasing(received.map((event) => event.globalPosition));
          const log = await store.readAll({ categories: [category] });
          expect(ids(received)).toEqual(ids(log));
          for (let w = 0; w < appenders; w += 1) {
            const mine = received.filter((event) => (event.data as { w: number }).w === w);
            expect(mine.map((event) => (event.data as { i: number }).i)).toEqual(
              Array.from({ length: appendsEach }, (_, i) => i),
            );
          }
        } finally {
          await subscription.stop();
          await Promise.all(writers.map((writer) => writer.close()));
        }
      });
    });
  });
}
