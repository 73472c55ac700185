import type { ConnectionOptions } from 'node:tls';
import kafkajs, {
  type Admin,
  type Batch,
  type Kafka,
  type KafkaMessage,
  type Message,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import type { Registry } from 'prom-client';
import { deadLetterHeaders } from '../dead-letters/dead-letter-headers.js';
import {
  InterruptibleSleeps,
  consumerLagGauge,
  deliver,
  resolveRetryPolicy,
  type ConsumerLagGauge,
  type DeliveryOutcome,
} from '../dead-letters/delivery.js';
import type { DeadLetterRecorder } from '../dead-letters/postgres-dead-letters.js';
import { replayTopic, unwrapReplay } from '../dead-letters/replay.js';
import {
  MessageTransport,
  deadLetterTopic,
  type ConsumeOptions,
  type Consumer,
  type IncomingMessage,
  type OutgoingMessage,
  type RetryPolicy,
} from '../transport.port.js';
import { fromKafkaHeaders, lenientHeaders, toKafkaHeaders } from './kafka-headers.js';

/** kafkajs's log levels (`KafkaLogLevel.NOTHING` in tests). */
export const KafkaLogLevel = kafkajs.logLevel;
export type KafkaLogLevel = kafkajs.logLevel;

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  ssl?: boolean | ConnectionOptions;
  sasl?: SASLOptions;
  /** Partitions of the topics this transport creates. Default 8. */
  partitions?: number;
  /** Replication factor of the topics this transport creates. Default: the broker's. */
  replicationFactor?: number;
  /** Creates missing topics (with `partitions`) before publishing or consuming. Default true. */
  createTopics?: boolean;
  /** Default `KafkaLogLevel.WARN`. */
  logLevel?: KafkaLogLevel;
  /** Default retry policy of this transport's consumers; `ConsumeOptions.retry` overrides it field by field. */
  retryPolicy?: Partial<RetryPolicy>;
  /** Connection timeout of the client. Default 3000 ms. */
  connectionTimeoutMs?: number;
  /** Request timeout of the client. Default 30000 ms. */
  requestTimeoutMs?: number;
  /** How often the client retries a failed request or connection (kafkajs `retry.retries`). Default 5; 0 in tests. */
  clientRetries?: number;
  /** Partitions a consumer handles at once (kafkajs `partitionsConsumedConcurrently`). Default `partitions`. */
  partitionsConsumedConcurrently?: number;
  /** Where consumer lag is reported (`messaging_consumer_lag{group,topic,partition}`). */
  registry?: Registry;
  /** Also records each dead letter there (a {@link PostgresDeadLetters}), for `npm run dlq`. */
  deadLetters?: DeadLetterRecorder;
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * The distributed mode's transport, on kafkajs 2.2.4 (ADR 023).
 *
 * kafkajs is in maintenance mode. This adapter uses only what `@confluentinc/kafka-javascript`'s
 * KafkaJS-compatible API also offers, so the client can be swapped by configuration:
 * `new Kafka({ brokers, clientId, ssl, sasl, connectionTimeout, requestTimeout, retry, logLevel })`,
 * `producer({ idempotent, maxInFlightRequests, retry })` with `connect`/`send`/`disconnect`;
 * `consumer({ groupId, retry })` with `connect`/`subscribe`/`run({ eachBatch,
 * partitionsConsumedConcurrently })`/`commitOffsets`/`disconnect`, and in `eachBatch` only
 * `batch.{topic, partition, highWatermark, messages}`, `resolveOffset`, `heartbeat`, `isRunning`,
 * `isStale`; `admin()` with `connect`/`createTopics({ topics })`/`disconnect`. Never
 * `consumer.stop`, `consumer.on` events, `offsetLag()`, `uncommittedOffsets`, custom partitioners
 * or `waitForLeaders`. When swapping, the client takes `fromBeginning` and `autoCommit` in the
 * consumer's configuration instead of `subscribe`/`run`, where kafkajs takes them here.
 *
 * - Producer: idempotent, one request in flight (order kept through retries), acks from all
 *   in-sync replicas; key = the message key (kafkajs's default partitioner: murmur2, as the
 *   PostgreSQL log); one header per {@link MessageHeaders} field; the payload as JSON.
 * - Consumer: offsets committed by hand, one message at a time, after the handler resolved;
 *   failures retried with backoff in the partition (other partitions are consumed concurrently),
 *   then sent to `dead-letter.<groupId>` with the error, origin and attempts in headers.
 */
export class KafkaTransport extends MessageTransport {
  readonly partitions: number;
  private readonly kafka: Kafka;
  private readonly options: KafkaTransportOptions;
  private readonly lag: ConsumerLagGauge | undefined;
  private readonly existingTopics = new Set<string>();
  private readonly consumers = new Set<KafkaTopicConsumer>();
  private producer: Promise<Producer> | undefined;
  private closed = false;

  constructor(options: KafkaTransportOptions) {
    super();
    if (options.brokers.length === 0) throw new Error('KafkaTransport needs at least one broker');
    this.options = options;
    this.partitions = options.partitions ?? 8;
    this.lag = consumerLagGauge(options.registry);
    this.kafka = new kafkajs.Kafka({
      brokers: options.brokers,
      clientId: options.clientId,
      ssl: options.ssl,
      sasl: options.sasl,
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      retry: { retries: options.clientRetries ?? 5 },
      logLevel: options.logLevel ?? KafkaLogLevel.WARN,
    });
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    assertTopicName(topic);
    if (this.closed) throw new Error('The transport is closed');
    if (messages.length === 0) return;
    await this.ensureTopics([topic]);
    await this.send(topic, messages.map(toKafkaMessage));
  }

  consume(options: ConsumeOptions): Consumer {
    if (this.closed) throw new Error('The transport is closed');
    if (options.topics.length === 0) throw new Error('consume() needs at least one topic');
    options.topics.forEach(assertTopicName);
    assertTopicName(deadLetterTopic(options.groupId));
    const consumer = new KafkaTopicConsumer(this, this.kafka, options, {
      policy: resolveRetryPolicy(this.options.retryPolicy, options.retry),
      concurrency: this.options.partitionsConsumedConcurrently ?? this.partitions,
      lag: this.lag,
      deadLetters: this.options.deadLetters,
    });
    this.consumers.add(consumer);
    void consumer.done.catch(() => undefined).finally(() => this.consumers.delete(consumer));
    return consumer;
  }

  /** Stops the consumers (each finishes its messages in hand), then disconnects the producer. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect();
  }

  /** @internal */
  async send(topic: string, messages: Message[]): Promise<void> {
    const producer = await this.connectedProducer();
    await producer.send({ topic, messages });
  }

  /** @internal Creates the topics not known to exist (idempotent on the broker). */
  async ensureTopics(topics: readonly string[]): Promise<void> {
    if (this.options.createTopics === false) return;
    const missing = topics.filter((topic) => !this.existingTopics.has(topic));
    if (missing.length === 0) return;
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.partitions,
          ...(this.options.replicationFactor ? { replicationFactor: this.options.replicationFactor } : {}),
        })),
      });
      for (const topic of missing) this.existingTopics.add(topic);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: this.options.clientRetries ?? 5 },
      });
      const connecting = producer.connect().then(
        () => producer,
        async (error: unknown) => {
          this.producer = undefined;
          await producer.disconnect().catch(() => undefined);
          throw error;
        },
      );
      this.producer = connecting;
    }
    return this.producer;
  }
}

interface ConsumerSettings {
  readonly policy: RetryPolicy;
  readonly concurrency: number;
  readonly lag: ConsumerLagGauge | undefined;
  readonly deadLetters: DeadLetterRecorder | undefined;
}

type Decoded =
  | { ok: true; message: Omit<IncomingMessage, 'attempt'> }
  | { ok: false; reason: string; message: Omit<IncomingMessage, 'attempt'> };

class KafkaTopicConsumer implements Consumer {
  readonly done: Promise<void>;
  private readonly sleeps = new InterruptibleSleeps();
  private readonly topics: readonly string[];
  private stopping = false;
  private signalStop: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.signalStop = resolve));

  constructor(
    private readonly transport: KafkaTransport,
    private readonly kafka: Kafka,
    private readonly options: ConsumeOptions,
    private readonly settings: ConsumerSettings,
  ) {
    this.topics = [...new Set([...options.topics, replayTopic(options.groupId)])];
    this.done = this.run();
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeps.interruptAll();
    this.signalStop();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
    });
    try {
      await this.transport.ensureTopics([...this.topics, deadLetterTopic(this.options.groupId)]);
      if (this.stopping) return;
      await consumer.connect();
      await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.settings.concurrency,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          for (const raw of batch.messages) {
            if (this.stopping || !isRunning() || isStale()) break;
            const outcome = await this.handle(batch, raw, heartbeat);
            if (outcome.kind === 'interrupted') break;
            const next = (BigInt(raw.offset) + 1n).toString();
            await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
            resolveOffset(raw.offset);
            this.settings.lag?.set(
              { group: this.options.groupId, topic: batch.topic, partition: String(batch.partition) },
              Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next))),
            );
          }
        },
      });
      await this.stopped;
    } finally {
      // kafkajs's disconnect waits for the batch in hand, which ends after the message in hand.
      await consumer.disconnect().catch(() => undefined);
    }
  }

  private async handle(batch: Batch, raw: KafkaMessage, heartbeat: () => Promise<void>): Promise<DeliveryOutcome> {
    const decoded = this.decode(batch, raw);
    const outcome: DeliveryOutcome = decoded.ok
      ? await deliver(decoded.message, this.options, {
          policy: this.settings.policy,
          sleep: async (ms) => {
            const slept = await this.sleeps.sleep(ms);
            if (slept) await heartbeat().catch(() => undefined);
            return slept;
          },
        })
      : { kind: 'dead-letter', error: decoded.reason, attempts: 0 };
    if (outcome.kind === 'dead-letter') await this.deadLetter(batch, raw, decoded.message, outcome);
    return outcome;
  }

  private decode(batch: Batch, raw: KafkaMessage): Decoded {
    const read = {
      topic: batch.topic,
      partition: batch.partition,
      offset: raw.offset,
      key: raw.key?.toString('utf8') ?? '',
    };
    let headers;
    let payload: unknown;
    try {
      headers = fromKafkaHeaders(raw.headers);
      payload = raw.value === null ? null : JSON.parse(raw.value.toString('utf8'));
    } catch (error) {
      const reason = `Malformed message: ${error instanceof Error ? error.message : String(error)}`;
      return {
        ok: false,
        reason,
        message: { ...read, headers: lenientHeaders(raw.headers), payload: raw.value?.toString('utf8') ?? null },
      };
    }
    const message = { ...read, headers, payload };
    if (batch.topic !== replayTopic(this.options.groupId)) return { ok: true, message };
    const replayed = unwrapReplay(message);
    return replayed ? { ok: true, message: replayed } : { ok: false, reason: 'Not a replay envelope', message };
  }

  /** Publishes to `dead-letter.<groupId>` (the original bytes and headers, plus why), then records it if asked to. */
  private async deadLetter(
    batch: Batch,
    raw: KafkaMessage,
    message: Omit<IncomingMessage, 'attempt'>,
    outcome: Extract<DeliveryOutcome, { kind: 'dead-letter' }>,
  ): Promise<void> {
    const { groupId } = this.options;
    const extra = deadLetterHeaders({
      error: outcome.error,
      groupId,
      originalTopic: message.topic,
      originalPartition: message.partition,
      originalOffset: message.offset,
      attempts: outcome.attempts,
    });
    await this.transport.send(deadLetterTopic(groupId), [
      { key: raw.key, value: raw.value, headers: { ...raw.headers, ...extra } },
    ]);
    await this.settings.deadLetters?.record({
      groupId,
      original: { ...message, attempt: outcome.attempts },
      error: outcome.error,
      attempts: outcome.attempts,
      deadLetteredAt: new Date().toISOString(),
      source: { topic: batch.topic, partition: batch.partition, offset: raw.offset },
    });
  }
}

/** The Kafka record of a message: key, headers ({@link toKafkaHeaders}) and the payload as JSON. */
export function toKafkaMessage(message: OutgoingMessage): Message {
  return {
    key: message.key,
    value: JSON.stringify(message.payload ?? null),
    headers: toKafkaHeaders(message.headers),
  };
}

function assertTopicName(topic: string): void {
  if (!TOPIC_NAME.test(topic)) {
    throw new Error(`Invalid topic name ${JSON.stringify(topic)}: use [A-Za-z0-9._-], 1 to 249 characters`);
  }
}
