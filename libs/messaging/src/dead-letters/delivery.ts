import { Gauge, type Registry } from 'prom-client';
import {
  DEFAULT_RETRY_POLICY,
  type ConsumeOptions,
  type IncomingMessage,
  type RetryPolicy,
} from '../transport.port.js';

/**
 * How both adapters hand one message to a consumer's handler: validation first (a rejection
 * is dead-lettered at once, the handler never sees the message), then up to `maxAttempts`
 * calls with exponential backoff between them, then a dead letter. The partition waits
 * meanwhile; other partitions are not involved.
 */
export type DeliveryOutcome =
  | { readonly kind: 'handled'; readonly attempts: number }
  | { readonly kind: 'dead-letter'; readonly error: string; readonly attempts: number }
  /** Stopped during a backoff: nothing committed, the message will be delivered again. */
  | { readonly kind: 'interrupted' };

export function resolveRetryPolicy(...overrides: (Partial<RetryPolicy> | undefined)[]): RetryPolicy {
  const policy = Object.assign({}, DEFAULT_RETRY_POLICY, ...overrides.map((o) => withoutUndefined(o ?? {})));
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new Error(`RetryPolicy.maxAttempts must be a positive integer, got ${policy.maxAttempts}`);
  }
  if (!(policy.initialBackoffMs >= 0) || !(policy.maxBackoffMs >= 0)) {
    throw new Error('RetryPolicy backoffs must be non-negative');
  }
  return policy;
}

/** Backoff before attempt `failedAttempt + 1`: min(initial × 2^(failedAttempt − 1), max). */
export function backoffMs(policy: RetryPolicy, failedAttempt: number): number {
  const exponent = Math.max(0, failedAttempt - 1);
  return Math.min(policy.initialBackoffMs * 2 ** exponent, policy.maxBackoffMs);
}

/** The error text a dead letter keeps. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}

export const VALIDATION_PREFIX = 'Rejected by validation: ';

export interface DeliveryControl {
  readonly policy: RetryPolicy;
  /** Resolves true after `ms`, or false at once when the consumer is stopping. */
  sleep(ms: number): Promise<boolean>;
}

export async function deliver(
  message: Omit<IncomingMessage, 'attempt'>,
  options: Pick<ConsumeOptions, 'handler' | 'validate'>,
  control: DeliveryControl,
): Promise<DeliveryOutcome> {
  if (options.validate) {
    let reason: string | null;
    try {
      reason = options.validate({ ...message, attempt: 1 });
    } catch (error) {
      reason = describeError(error);
    }
    if (reason !== null) return { kind: 'dead-letter', error: `${VALIDATION_PREFIX}${reason}`, attempts: 0 };
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      await options.handler({ ...message, attempt });
      return { kind: 'handled', attempts: attempt };
    } catch (error) {
      if (attempt >= control.policy.maxAttempts) {
        return { kind: 'dead-letter', error: describeError(error), attempts: attempt };
      }
      if (!(await control.sleep(backoffMs(control.policy, attempt)))) return { kind: 'interrupted' };
    }
  }
}

/** A sleep that `interruptAll()` cuts short (resolving false): a stopping consumer does not wait out a backoff. */
export class InterruptibleSleeps {
  private readonly waiting = new Set<() => void>();
  private interrupted = false;

  sleep = (ms: number): Promise<boolean> => {
    if (this.interrupted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (completed: boolean) => {
        clearTimeout(timer);
        this.waiting.delete(cut);
        resolve(completed);
      };
      const cut = () => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      this.waiting.add(cut);
    });
  };

  interruptAll(): void {
    this.interrupted = true;
    for (const cut of [...this.waiting]) cut();
  }
}

export const CONSUMER_LAG_METRIC = 'messaging_consumer_lag';
export type ConsumerLagGauge = Gauge<'group' | 'topic' | 'partition'>;

/**
 * Messages of a partition not yet handled by the group, as the consumer that owns the partition
 * last saw it. One gauge per registry, shared by every consumer registered on it.
 */
export function consumerLagGauge(registry: Registry | undefined): ConsumerLagGauge | undefined {
  if (!registry) return undefined;
  const existing = registry.getSingleMetric(CONSUMER_LAG_METRIC);
  if (existing) return existing as ConsumerLagGauge;
  return new Gauge({
    name: CONSUMER_LAG_METRIC,
    help: 'Messages of a partition published but not yet handled by the consumer group.',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
  });
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
