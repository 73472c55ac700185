import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { deadLetterInfo } from './dead-letters/dead-letter-headers.js';
import {
  deadLetterTopic,
  type Consumer,
  type ConsumeOptions,
  type DeadLetters,
  type IncomingMessage,
  type MessageHeaders,
  type MessageTransport,
  type OutgoingMessage,
} from './transport.port.js';

/**
 * The behaviour every transport adapter owes the services, run by each adapter's
 * `*.int-spec.ts` against a real backend.
 *
 * The backend need not be empty (a shared Kafka cluster is fine): every test uses fresh random
 * topic names and consumer groups.
 */
export interface TransportFixture {
  transport: MessageTransport;
  /** Another transport on the same backend (another process, as far as the backend can tell). */
  openAnother(): Promise<MessageTransport>;
  /** The adapter's dead-letter store, when it has one: replay is tested through it. */
  deadLetters?: DeadLetters;
  dispose(): Promise<void>;
}

export interface TransportContractOptions {
  /** How long to wait for something that should happen (a group forming on Kafka takes seconds). Default 10 s. */
  readonly patienceMs?: number;
}

const id = () => randomBytes(6).toString('hex');
const newTopic = () => `contract.${id()}`;
const newGroup = () => `contract-${id()}`;
/** Short backoffs keep the suite fast; the schedule is still checked. */
const fastRetry = { maxAttempts: 3, initialBackoffMs: 40, maxBackoffMs: 200 };

function headers(overrides: Partial<MessageHeaders> = {}): MessageHeaders {
  return {
    eventId: randomUUID(),
    type: 'ContractNoted',
    schemaVersion: 1,
    correlationId: randomUUID(),
    occurredAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

function message(key: string, payload: unknown, overrides: Partial<MessageHeaders> = {}): OutgoingMessage {
  return { key, headers: headers(overrides), payload };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function transportContract(
  name: string,
  createFixture: () => Promise<TransportFixture>,
  contractOptions: TransportContractOptions = {},
): void {
  const patience = contractOptions.patienceMs ?? 10_000;

  async function eventually(check: () => boolean, what: string, timeoutMs = patience): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(20);
    }
  }

  describe(`${name} transport (contract)`, () => {
    let fixture: TransportFixture;
    const consumers: Consumer[] = [];
    beforeAll(async () => {
      fixture = await createFixture();
    });
    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    });
    afterAll(async () => {
      await fixture?.dispose();
    });

    /** A consumer that records what its handler was given; `handle` may throw or wait. */
    function collect(
      options: Partial<ConsumeOptions> & Pick<ConsumeOptions, 'topics'>,
      transport: MessageTransport = fixture.transport,
      handle: (message: IncomingMessage) => Promise<void> | void = () => undefined,
    ): { received: IncomingMessage[]; consumer: Consumer; groupId: string } {
      const received: IncomingMessage[] = [];
      const groupId = options.groupId ?? newGroup();
      const consumer = transport.consume({
        groupId,
        retry: fastRetry,
        ...options,
        handler: async (incoming) => {
          await handle(incoming);
          received.push(incoming);
        },
      });
      consumers.push(consumer);
      return { received, consumer, groupId };
    }

    const payloadsOf = (messages: readonly IncomingMessage[]) => messages.map((m) => m.payload);

    it('delivers published messages to a consumer group, with their topic, key, partition and offset', async () => {
      const topic = newTopic();
      await fixture.transport.publish(topic, [message('referral-1', { n: 1 }), message('referral-1', { n: 2 })]);
      const { received } = collect({ topics: [topic] });
      await eventually(() => received.length >= 2, 'two messages');
      expect(payloadsOf(received)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(received[0]).toMatchObject({ topic, key: 'referral-1', attempt: 1 });
      expect(received[0].partition).toBe(received[1].partition);
      expect(received[0].offset).toMatch(/^[0-9]+$/);
      expect(BigInt(received[1].offset)).toBeGreaterThan(BigInt(received[0].offset));
    });

    it('round-trips every header, and leaves absent optional headers absent', async () => {
      const topic = newTopic();
      const full = headers({
        causationId: randomUUID(),
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        schemaVersion: 2,
        type: 'ReferredToChannel',
      });
      const bare = headers();
      await fixture.transport.publish(topic, [
        { key: 'case-1', headers: full, payload: { a: 'ü€', nested: { list: [1, null, true] } } },
        { key: 'case-1', headers: bare, payload: null },
      ]);
      const { received } = collect({ topics: [topic] });
      await eventually(() => received.length >= 2, 'two messages');
      expect(received[0].headers).toEqual(full);
      expect(received[0].payload).toEqual({ a: 'ü€', nested: { list: [1, null, true] } });
      expect(received[1].headers).toEqual(bare);
      expect(received[1].headers.causationId).toBeUndefined();
      expect(received[1].headers.traceparent).toBeUndefined();
      expect(received[1].payload).toBeNull();
    });

    it('keeps each key in order and in one partition, across partitions and publishes', async () => {
      const topic = newTopic();
      const keys = Array.from({ length: 24 }, (_, i) => `case-${i}-${id()}`);
      const { received } = collect({ topics: [topic] });
      for (let round = 0; round < 5; round += 1) {
        await Promise.all(
          [0, 1].map((half) =>
            fixture.transport.publish(
              topic,
              keys.filter((_, i) => i % 2 === half).map((key) => message(key, { key, n: round })),
            ),
          ),
        );
      }
      await eventually(() => received.length >= keys.length * 5, 'every message');
      expect(received).toHaveLength(keys.length * 5);
      const partitions = new Set<number>();
      for (const key of keys) {
        const ofKey = received.filter((m) => m.key === key);
        expect(ofKey.map((m) => (m.payload as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
        expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
        partitions.add(ofKey[0].partition);
      }
      expect(partitions.size).toBeGreaterThan(1);
    });

    it('gives every group every message', async () => {
      const topic = newTopic();
      const first = collect({ topics: [topic] });
      const second = collect({ topics: [topic] });
      const sent = Array.from({ length: 30 }, (_, n) => message(`stream-${n % 7}`, { n }));
      await fixture.transport.publish(topic, sent);
      await eventually(() => first.received.length >= 30 && second.received.length >= 30, 'both groups');
      const ids = sent.map((m) => m.headers.eventId).sort();
      expect(first.received.map((m) => m.headers.eventId).sort()).toEqual(ids);
      expect(second.received.map((m) => m.headers.eventId).sort()).toEqual(ids);
    });

    it('splits the partitions between two consumers of one group, each message handled exactly once', async () => {
      const topic = newTopic();
      const groupId = newGroup();
      const other = await fixture.openAnother();
      const a = collect({ topics: [topic], groupId });
      const b = collect({ topics: [topic], groupId }, other);
      const sent: OutgoingMessage[] = [];
      const deadline = Date.now() + patience;
      // Publish until both members have work: the group needs a moment to share its partitions.
      while ((a.received.length === 0 || b.received.length === 0) && Date.now() < deadline) {
        const batch = Array.from({ length: 16 }, () => message(`case-${id()}`, { n: sent.length }));
        sent.push(...batch);
        await fixture.transport.publish(topic, batch);
        await sleep(50);
      }
      await eventually(() => a.received.length + b.received.length >= sent.length, 'every message');
      await sleep(100);
      expect(a.received.length).toBeGreaterThan(0);
      expect(b.received.length).toBeGreaterThan(0);
      const handled = [...a.received, ...b.received].map((m) => m.headers.eventId).sort();
      expect(handled).toEqual(sent.map((m) => m.headers.eventId).sort());
    });

    it('resumes after a restart from the committed offset: nothing handled is delivered again, the uncommitted one is', async () => {
      const topic = newTopic();
      const groupId = newGroup();
      await fixture.transport.publish(
        topic,
        [1, 2, 3, 4].map((n) => message('referral-9', { n })),
      );
      // Message 3 fails once; the consumer is stopped during the backoff, so 3 is never committed.
      let attemptsOfThree = 0;
      const failing = collect(
        { topics: [topic], groupId, retry: { maxAttempts: 5, initialBackoffMs: 60_000, maxBackoffMs: 60_000 } },
        fixture.transport,
        (incoming) => {
          if ((incoming.payload as { n: number }).n === 3) {
            attemptsOfThree += 1;
            throw new Error('not yet');
          }
        },
      );
      await eventually(() => attemptsOfThree === 1, 'the first attempt at message 3');
      const stopping = Date.now();
      await failing.consumer.stop();
      expect(Date.now() - stopping).toBeLessThan(5_000);
      expect(payloadsOf(failing.received)).toEqual([{ n: 1 }, { n: 2 }]);

      await fixture.transport.publish(topic, [message('referral-9', { n: 5 })]);
      const resumed = collect({ topics: [topic], groupId });
      await eventually(() => resumed.received.length >= 3, 'the rest');
      await sleep(100);
      expect(payloadsOf(resumed.received)).toEqual([{ n: 3 }, { n: 4 }, { n: 5 }]);
      expect(resumed.received[0].attempt).toBe(1);
    });

    it('retries a failing message with backoff, then dead-letters it with the error, while other keys flow', async () => {
      const topic = newTopic();
      const groupId = newGroup();
      const attempts: { attempt: number; at: number }[] = [];
      const handledAt = new Map<string, number>();
      const dlq = collect({ topics: [deadLetterTopic(groupId)] });
      const { received } = collect({ topics: [topic], groupId }, fixture.transport, (incoming) => {
        if (incoming.key === 'poison') {
          attempts.push({ attempt: incoming.attempt, at: Date.now() });
          throw new TypeError('cannot read property of undefined');
        }
        handledAt.set(incoming.key, Date.now());
      });
      const others = Array.from({ length: 40 }, (_, n) => message(`healthy-${n}`, { n }));
      const poison = message('poison', { n: -1 });
      await fixture.transport.publish(topic, [poison, ...others]);

      await eventually(() => dlq.received.length >= 1, 'the dead letter');
      await eventually(() => received.length >= others.length, 'every healthy message');
      expect(received.map((m) => m.key).sort()).toEqual(others.map((m) => m.key).sort());
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(35);
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(75);

      // Keys in other partitions than the poison's did not wait for it.
      const poisonPartition = deadLetterInfo(dlq.received[0])?.originalPartition;
      const deadLetteredAt = attempts[2].at;
      const elsewhere = received.filter((m) => m.partition !== poisonPartition);
      expect(elsewhere.length).toBeGreaterThan(0);
      // Each of those partitions was flowing before the poison was dead-lettered: its first
      // message was handled while the poison was still being retried. (Not every message: on a
      // loaded machine a partition's later messages may take longer than the ~115 ms of retries.)
      const firstHandled = new Map<number, number>();
      for (const m of elsewhere) {
        const at = handledAt.get(m.key) ?? Number.POSITIVE_INFINITY;
        firstHandled.set(m.partition, Math.min(firstHandled.get(m.partition) ?? Number.POSITIVE_INFINITY, at));
      }
      for (const [partition, at] of firstHandled)
        expect({ partition, beforeDeadLetter: at < deadLetteredAt }).toEqual({ partition, beforeDeadLetter: true });

      const letter = dlq.received[0];
      expect(letter.key).toBe('poison');
      expect(letter.payload).toEqual({ n: -1 });
      expect(letter.headers.eventId).toBe(poison.headers.eventId);
      expect(deadLetterInfo(letter)).toMatchObject({
        error: 'TypeError: cannot read property of undefined',
        groupId,
        originalTopic: topic,
        attempts: 3,
      });
      if (fixture.deadLetters) {
        const stored = (await fixture.deadLetters.list(groupId)).filter((l) => l.original.key === 'poison');
        expect(stored).toHaveLength(1);
        expect(stored[0]).toMatchObject({
          groupId,
          attempts: 3,
          error: 'TypeError: cannot read property of undefined',
        });
        expect(stored[0].original).toMatchObject({ topic, key: 'poison', payload: { n: -1 } });
        expect(stored[0].original.headers).toEqual(poison.headers);
      }
    });

    it('dead-letters a message its validation rejects without the handler ever seeing it', async () => {
      const topic = newTopic();
      const groupId = newGroup();
      const dlq = collect({ topics: [deadLetterTopic(groupId)] });
      const { received } = collect({
        topics: [topic],
        groupId,
        validate: (incoming) =>
          typeof (incoming.payload as { n?: unknown }).n === 'number' ? null : '/n must be number',
      });
      await fixture.transport.publish(topic, [
        message('case-5', { n: 1 }),
        message('case-5', { n: 'one' }),
        message('case-5', { n: 2 }),
      ]);
      await eventually(() => received.length >= 2 && dlq.received.length >= 1, 'the valid ones and the dead letter');
      expect(payloadsOf(received)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(dlq.received[0].payload).toEqual({ n: 'one' });
      expect(deadLetterInfo(dlq.received[0])?.error).toContain('/n must be number');
      expect(deadLetterInfo(dlq.received[0])?.attempts).toBe(0);
      if (fixture.deadLetters) {
        const [stored] = await fixture.deadLetters.list(groupId);
        expect(stored.error).toContain('/n must be number');
        expect(stored.original.payload).toEqual({ n: 'one' });
      }
    });

    it('finishes the message in hand when stopped, and commits it', async () => {
      const topic = newTopic();
      const groupId = newGroup();
      await fixture.transport.publish(topic, [message('case-7', { n: 1 }), message('case-7', { n: 2 })]);
      let started = false;
      let finished = false;
      const slow = collect({ topics: [topic], groupId }, fixture.transport, async () => {
        started = true;
        await sleep(300);
        finished = true;
      });
      await eventually(() => started, 'the first message to be in hand');
      await slow.consumer.stop();
      expect(finished).toBe(true);
      expect(payloadsOf(slow.received)).toEqual([{ n: 1 }]);
      const next = collect({ topics: [topic], groupId });
      await eventually(() => next.received.length >= 1, 'the second message');
      await sleep(100);
      expect(payloadsOf(next.received)).toEqual([{ n: 2 }]);
    });

    it('replays a dead letter to its group only, once the handler is fixed', async () => {
      if (!fixture.deadLetters) return;
      const deadLetters = fixture.deadLetters;
      const topic = newTopic();
      const groupId = newGroup();
      let fixed = false;
      const main = collect({ topics: [topic], groupId }, fixture.transport, (incoming) => {
        if (incoming.key === 'poison' && !fixed) throw new Error('bug 42');
      });
      const bystander = collect({ topics: [topic] });
      await fixture.transport.publish(topic, [message('poison', { n: 0 }), message('fine', { n: 1 })]);
      await eventually(() => main.received.length >= 1 && bystander.received.length >= 2, 'first deliveries');
      let letters = await deadLetters.list(groupId);
      const deadline = Date.now() + patience;
      while (letters.length === 0 && Date.now() < deadline) {
        await sleep(25);
        letters = await deadLetters.list(groupId);
      }
      expect(letters).toHaveLength(1);
      expect(letters[0].replayedAt).toBeUndefined();
      expect(await deadLetters.show(letters[0].id)).toEqual(letters[0]);
      expect(await deadLetters.show('999999999')).toBeNull();

      fixed = true;
      await deadLetters.replay(letters[0].id);
      await eventually(() => main.received.some((m) => m.key === 'poison'), 'the replayed message');
      const replayed = main.received.find((m) => m.key === 'poison');
      expect(replayed).toMatchObject({ topic, payload: { n: 0 }, attempt: 1 });
      expect(replayed?.headers).toEqual(letters[0].original.headers);
      expect((await deadLetters.show(letters[0].id))?.replayedAt).toEqual(expect.any(String));
      await sleep(150);
      expect(bystander.received.filter((m) => m.key === 'poison')).toHaveLength(1);
      expect(main.received.filter((m) => m.key === 'poison')).toHaveLength(1);
    });
  });
}
