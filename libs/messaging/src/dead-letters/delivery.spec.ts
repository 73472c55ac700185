import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { DEFAULT_RETRY_POLICY, type IncomingMessage } from '../transport.port.js';
import { backoffMs, consumerLagGauge, deliver, InterruptibleSleeps, resolveRetryPolicy } from './delivery.js';
import { replayMessage, unwrapReplay } from './replay.js';

const message: Omit<IncomingMessage, 'attempt'> = {
  topic: 'referral-intake.referrals',
  partition: 2,
  offset: '17',
  key: 'referral-1',
  headers: {
    eventId: 'e-1',
    type: 'Noted',
    schemaVersion: 1,
    correlationId: 'c-1',
    occurredAt: '2025-03-01T10:00:00Z',
  },
  payload: { n: 1 },
};

describe('retries', () => {
  it('back off exponentially from the initial backoff up to the maximum', () => {
    const policy = resolveRetryPolicy({ initialBackoffMs: 100, maxBackoffMs: 1_000 });
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(policy, attempt))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffMs(DEFAULT_RETRY_POLICY, 1)).toBe(100);
  });

  it('take the defaults, then the transport’s, then the consumer’s, field by field', () => {
    expect(resolveRetryPolicy({ maxAttempts: 3 }, { initialBackoffMs: 5, maxAttempts: undefined })).toEqual({
      maxAttempts: 3,
      initialBackoffMs: 5,
      maxBackoffMs: DEFAULT_RETRY_POLICY.maxBackoffMs,
    });
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
  });

  it('hand a failing message over up to maxAttempts times, sleeping the backoffs, then give the last error', async () => {
    const slept: number[] = [];
    const attempts: number[] = [];
    const outcome = await deliver(
      message,
      {
        handler: async (incoming) => {
          attempts.push(incoming.attempt);
          throw new RangeError(`attempt ${incoming.attempt}`);
        },
      },
      {
        policy: resolveRetryPolicy({ maxAttempts: 4, initialBackoffMs: 10 }),
        sleep: async (ms) => (slept.push(ms), true),
      },
    );
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(slept).toEqual([10, 20, 40]);
    expect(outcome).toEqual({ kind: 'dead-letter', error: 'RangeError: attempt 4', attempts: 4 });
  });

  it('never hand a message its validation rejects to the handler', async () => {
    let called = false;
    const outcome = await deliver(
      message,
      { handler: async () => void (called = true), validate: () => '/n must be string' },
      { policy: DEFAULT_RETRY_POLICY, sleep: async () => true },
    );
    expect(called).toBe(false);
    expect(outcome).toEqual({ kind: 'dead-letter', error: 'Rejected by validation: /n must be string', attempts: 0 });
  });

  it('stop waiting when interrupted, leaving the message unhandled', async () => {
    const sleeps = new InterruptibleSleeps();
    const outcome = deliver(
      message,
      {
        handler: async () => {
          throw new Error('down');
        },
      },
      { policy: resolveRetryPolicy({ initialBackoffMs: 60_000 }), sleep: sleeps.sleep },
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    sleeps.interruptAll();
    await expect(outcome).resolves.toEqual({ kind: 'interrupted' });
    await expect(sleeps.sleep(1)).resolves.toBe(false);
  });
});

describe('replay envelopes', () => {
  it('carry the original message back to its topic, key, headers and payload', () => {
    const outgoing = replayMessage({
      id: '7',
      groupId: 'g',
      original: { ...message, attempt: 5 },
      error: 'x',
      attempts: 5,
      deadLetteredAt: '2025-03-01T10:00:00Z',
    });
    expect(outgoing.key).toBe('referral-1');
    const unwrapped = unwrapReplay({
      ...message,
      topic: 'replay.g',
      offset: '3',
      payload: outgoing.payload,
      headers: outgoing.headers,
    });
    expect(unwrapped).toEqual(message);
    expect(unwrapReplay(message)).toBeNull();
  });
});

describe('the consumer lag gauge', () => {
  it('is registered once per registry and shared', () => {
    const registry = new Registry();
    expect(consumerLagGauge(registry)).toBe(consumerLagGauge(registry));
    expect(consumerLagGauge(undefined)).toBeUndefined();
  });
});
