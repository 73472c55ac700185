/**
 * The transport port: how services publish integration events to topics and consume them.
 * Two adapters implement it — Kafka (kafkajs) and a PostgreSQL-backed log for the embedded
 * mode — and one contract suite holds both to the same behaviour.
 *
 * Delivery is at least once; effectively-once comes from the consumer's inbox (the handled
 * event id recorded in the same transaction as the effect).
 */

/** Headers every message carries (Kafka headers; columns of the PostgreSQL log). */
export interface MessageHeaders {
  readonly eventId: string;
  /** The contract's wire name, e.g. `ReferredToChannel`. */
  readonly type: string;
  /** The contract's major version (v1, v2...). */
  readonly schemaVersion: number;
  readonly correlationId: string;
  readonly causationId?: string;
  /** W3C trace context, when the publisher had one. */
  readonly traceparent?: string;
  /** ISO 8601 time the underlying domain event was recorded. */
  readonly occurredAt: string;
}

export interface OutgoingMessage {
  /**
   * Partitioning key: the id of the stream the event came from, so all events of one
   * referral or case are delivered in order.
   */
  readonly key: string;
  readonly headers: MessageHeaders;
  /** The contract's payload (JSON). */
  readonly payload: unknown;
}

export interface IncomingMessage extends OutgoingMessage {
  readonly topic: string;
  readonly partition: number;
  /** Position within the partition (Kafka offset; log sequence), as a decimal string. */
  readonly offset: string;
  /** How many times this message has been handed to the handler, this one included. */
  readonly attempt: number;
}

export interface RetryPolicy {
  /** Attempts before the message is dead-lettered (the first delivery counts). Default 5. */
  readonly maxAttempts: number;
  /** Backoff before attempt n+1: min(initialBackoffMs * 2^(n-1), maxBackoffMs). */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
});

export interface ConsumeOptions {
  readonly topics: readonly string[];
  /** Consumer group: each group gets every message; within a group each partition has one consumer. */
  readonly groupId: string;
  /**
   * Handles one message. Resolving means its effect is committed: only then does the offset
   * advance. Throwing retries it (same key blocked meanwhile, other keys/partitions keep
   * flowing where the adapter can), then dead-letters it to `dead-letter.<groupId>` with the
   * error, and moves on.
   */
  readonly handler: (message: IncomingMessage) => Promise<void>;
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Checked before the handler; a message it rejects (for example, one that does not match its
   * contract's schema) is dead-lettered at once with the reason, never retried, never handled.
   */
  readonly validate?: (message: IncomingMessage) => string | null;
}

export interface Consumer {
  /** Finishes the message in hand, commits, and stops. */
  stop(): Promise<void>;
  /** Resolves when stopped; rejects if the consumer failed for good. */
  readonly done: Promise<void>;
}

/** A dead letter: the message as it was, plus why and when it was given up on. */
export interface DeadLetter {
  readonly id: string;
  readonly groupId: string;
  readonly original: IncomingMessage;
  readonly error: string;
  readonly attempts: number;
  readonly deadLetteredAt: string;
  /** Set once replayed. */
  readonly replayedAt?: string;
}

export abstract class MessageTransport {
  /** Publishes in order; resolves once the broker (or log) has durably accepted every message. */
  abstract publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  abstract consume(options: ConsumeOptions): Consumer;
  abstract close(): Promise<void>;
}

/** The dead-letter store behind `npm run dlq -- list|show|replay`. */
export abstract class DeadLetters {
  abstract list(groupId?: string): Promise<DeadLetter[]>;
  abstract show(id: string): Promise<DeadLetter | null>;
  /** Re-publishes the original to its topic (for its group only) and marks it replayed. */
  abstract replay(id: string): Promise<void>;
}

/** Name of the dead-letter topic of a consumer group. */
export function deadLetterTopic(groupId: string): string {
  return `dead-letter.${groupId}`;
}
