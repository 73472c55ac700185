import type pg from 'pg';
import type { Registry } from 'prom-client';
import { consumerLagGauge, type ConsumerLagGauge } from '../dead-letters/delivery.js';
import {
  MessageTransport,
  type ConsumeOptions,
  type Consumer,
  type OutgoingMessage,
  type RetryPolicy,
} from '../transport.port.js';
import { PostgresLogConsumer } from './postgres-log-consumer.js';
import { assertMessagingSchemaName, messagesChannel } from './postgres-log-schema.js';
import { partitionOf } from './partitioning.js';

export {
  installPostgresLogTransport,
  messagingAppRole,
  messagesChannel,
  membersChannel,
  APPEND_ONLY_SQLSTATE,
} from './postgres-log-schema.js';

export interface PostgresLogTransportOptions {
  /** Owned by the caller; `close()` leaves it open. Each consumer holds one of its connections while it runs. */
  pool: pg.Pool;
  /** Where {@link installPostgresLogTransport} installed the log. */
  schema: string;
  /** Partitions per topic; every process sharing the schema must use the same number. Default 8. */
  partitions?: number;
  /** The safety poll: how often an idle partition looks again, and a group re-balances, without a notification. Default 500 ms. */
  pollIntervalMs?: number;
  /** Gives each message its `published_at`. */
  clock?: () => Date;
  /** Where consumer lag is reported (`messaging_consumer_lag{group,topic,partition}`). */
  registry?: Registry;
  /** Default retry policy of this transport's consumers; `ConsumeOptions.retry` overrides it field by field. */
  retryPolicy?: Partial<RetryPolicy>;
}

/** How long publishes are gathered before one NOTIFY announces them all to other processes. */
const ANNOUNCE_WINDOW_MS = 5;
/** A NOTIFY payload must stay under 8000 bytes; beyond this, announce "any topic". */
const MAX_ANNOUNCED_TOPICS_LENGTH = 4000;
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * The embedded mode's transport: durable topics in PostgreSQL (ADR 020).
 *
 * - `publish` is one INSERT of every message, autocommitted: it resolves once they are durable.
 *   Each message goes to partition `murmur2(key) mod partitions` (Kafka's default partitioner).
 * - Consumers read each partition in `(transaction id, sequence)` order below the oldest running
 *   transaction, so a late commit is never skipped; within a group a partition is owned by one
 *   consumer at a time (a session advisory lock; ADR 021), its offset committed after each
 *   handled message (at least once).
 * - Publishers wake consumers: this transport's own at once, other processes' by a NOTIFY sent
 *   after the publish committed (never inside it: a NOTIFY in the publishing transaction
 *   serialises concurrent commits, ADR 002), coalesced; consumers also poll slowly.
 */
export class PostgresLogTransport extends MessageTransport {
  readonly partitions: number;
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly pollIntervalMs: number;
  private readonly clock: () => Date;
  private readonly lag: ConsumerLagGauge | undefined;
  private readonly retryPolicy: Partial<RetryPolicy> | undefined;
  private readonly consumers = new Set<PostgresLogConsumer>();
  private readonly pendingTopics = new Set<string>();
  private announcing = false;
  private closed = false;

  constructor(options: PostgresLogTransportOptions) {
    super();
    assertMessagingSchemaName(options.schema);
    const partitions = options.partitions ?? 8;
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024) {
      throw new Error(`partitions must be an integer from 1 to 1024, got ${partitions}`);
    }
    this.pool = options.pool;
    this.schema = options.schema;
    this.partitions = partitions;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.clock = options.clock ?? (() => new Date());
    this.lag = consumerLagGauge(options.registry);
    this.retryPolicy = options.retryPolicy;
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    assertTopicName(topic);
    if (this.closed) throw new Error('The transport is closed');
    if (messages.length === 0) return;
    const rows = messages.map((message) => {
      if (typeof message.key !== 'string') throw new Error('A message needs a string key');
      return {
        p: partitionOf(message.key, this.partitions),
        k: message.key,
        h: message.headers,
        d: message.payload ?? null,
      };
    });
    await this.pool.query({
      name: `mq_publish_${this.schema}`,
      text: `INSERT INTO ${this.schema}.messages (topic, partition, key, headers, payload, published_at)
             SELECT $1, (m.value->>'p')::integer, m.value->>'k', m.value->'h', m.value->'d', $3
               FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS m(value, ord)
              ORDER BY m.ord`,
      values: [topic, JSON.stringify(rows), this.clock()],
    });
    this.announce(topic);
  }

  consume(options: ConsumeOptions): Consumer {
    if (this.closed) throw new Error('The transport is closed');
    if (options.topics.length === 0) throw new Error('consume() needs at least one topic');
    options.topics.forEach(assertTopicName);
    if (!options.groupId) throw new Error('consume() needs a groupId');
    const consumer = new PostgresLogConsumer(
      {
        pool: this.pool,
        schema: this.schema,
        partitions: this.partitions,
        pollIntervalMs: this.pollIntervalMs,
        clock: this.clock,
        lag: this.lag,
        retryPolicy: this.retryPolicy,
        announce: (topic) => this.announce(topic),
      },
      options,
    );
    this.consumers.add(consumer);
    void consumer.done.catch(() => undefined).finally(() => this.consumers.delete(consumer));
    return consumer;
  }

  /** Stops this transport's consumers (each finishes its messages in hand); the pool stays open. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
  }

  /**
   * Wakes consumers of `topic` once a publish has committed: this transport's at once, other
   * processes' by one NOTIFY per {@link ANNOUNCE_WINDOW_MS} naming every topic published to
   * meanwhile, sent on a pooled connection outside any publishing transaction.
   */
  private announce(topic: string): void {
    for (const consumer of this.consumers) consumer.poke(topic);
    this.pendingTopics.add(topic);
    if (this.announcing) return;
    this.announcing = true;
    const timer = setTimeout(() => {
      const topics = [...this.pendingTopics];
      this.pendingTopics.clear();
      const joined = topics.join('\n');
      void this.pool
        .query({
          name: `mq_announce_${this.schema}`,
          text: 'SELECT pg_notify($1, $2)',
          values: [messagesChannel(this.schema), joined.length > MAX_ANNOUNCED_TOPICS_LENGTH ? '' : joined],
        })
        .catch(() => undefined)
        .finally(() => {
          this.announcing = false;
          const next = this.pendingTopics.values().next();
          if (!next.done) {
            this.pendingTopics.delete(next.value);
            this.announce(next.value);
          }
        });
    }, ANNOUNCE_WINDOW_MS);
    timer.unref();
  }
}

export function assertTopicName(topic: string): void {
  if (!TOPIC_NAME.test(topic)) {
    throw new Error(`Invalid topic name ${JSON.stringify(topic)}: use [A-Za-z0-9._-], 1 to 249 characters`);
  }
}
