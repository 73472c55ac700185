import type { ContractRegistry } from '@lib/contracts';
import type { CheckpointStore, EventStore, GlobalPosition, RecordedEvent, Subscription } from '@lib/event-store';
import type { Registry } from 'prom-client';
import type { MessageHeaders, MessageTransport, OutgoingMessage } from '../transport.port.js';
import { integrationMessageId } from './message-id.js';
import { relayMetrics, type RelayMetrics } from './relay-metrics.js';

/**
 * What a service's mapping returns for one domain event: the contract it becomes and its
 * payload. The relay adds the key (the event's stream id unless given) and the headers.
 */
export interface OutgoingMessageWithTopic {
  readonly topic: string;
  /** The contract's wire name, e.g. `ReferralDecided`. */
  readonly type: string;
  /** The contract's major version. */
  readonly version: number;
  readonly payload: unknown;
  /** Partitioning key; defaults to the domain event's stream id, which keeps each referral's or case's order. */
  readonly key?: string;
}

export interface RelayOptions {
  /** The service's own event store: its outbox. */
  readonly store: EventStore;
  readonly transport: MessageTransport;
  readonly registry: ContractRegistry;
  /** Names the relay: its checkpoint and its metrics label. */
  readonly subscriptionId: string;
  /** Only streams of these categories (e.g. `['referral']`). */
  readonly categories?: readonly string[];
  /**
   * Domain event → the integration messages other contexts need (often none). Lives in the
   * service; a deterministic function of the event. It may be async when it must look something
   * up (decrypt a date of birth to derive an age): the relay awaits it before the next event.
   * Throwing is a bug and the relay stops — except a {@link MappingUnavailableError}: what the
   * mapping looks up is out of reach for now, and the relay retries from its checkpoint.
   */
  readonly map: (
    event: RecordedEvent,
  ) => readonly OutgoingMessageWithTopic[] | Promise<readonly OutgoingMessageWithTopic[]>;
  /**
   * Where the relay's checkpoint is kept. Given one, the relay publishes the messages of a whole
   * batch of events at once, just before the checkpoint moves past them; without one (the
   * store's own checkpoints), it publishes each event's messages before the next event.
   */
  readonly checkpoints?: CheckpointStore;
  readonly metrics?: { readonly registry: Registry };
  /** Backoff between restarts after a transport or store error. Defaults 100 ms doubling to 10 s. */
  readonly restartBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Messages buffered before they are published without waiting for the batch to end. Default 1,000. */
  readonly maxBuffered?: number;
  /** Told about every error, fatal or not (the relay also counts them on /metrics). */
  readonly onError?: (error: unknown) => void;
  readonly clock?: () => Date;
}

/**
 * The mapping produced something the relay must not publish: a payload that breaks its contract,
 * two messages with the same contract for one event, or the mapping threw. A bug in the service:
 * the relay stops without publishing it or moving its checkpoint past it, and says why.
 */
export class RelayMappingError extends Error {
  readonly code = 'messaging.relay-mapping';

  constructor(
    readonly relay: string,
    readonly event: Pick<RecordedEvent, 'eventId' | 'type' | 'streamId' | 'revision'>,
    override readonly cause: unknown,
  ) {
    super(
      `Relay ${relay} cannot publish ${event.type} ${event.eventId} (${event.streamId}@${event.revision}): ` +
        (cause instanceof Error ? cause.message : String(cause)),
    );
    this.name = 'RelayMappingError';
  }
}

/**
 * Thrown by an async mapping when something it reads (a key store, another stream) is out of reach
 * for now. Not a bug: the relay restarts from its checkpoint after its backoff, as after a
 * transport failure, and nothing of the event is published meanwhile.
 */
export class MappingUnavailableError extends Error {
  readonly code = 'messaging.mapping-unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MappingUnavailableError';
  }
}

interface Pending {
  readonly topic: string;
  readonly message: OutgoingMessage;
}

/**
 * The outbox relay (ADR 027): the service's event store is its outbox. The relay tails the store's
 * global log from its checkpoint, maps each domain event to the integration messages other
 * contexts need, validates each against its contract, publishes them, and only then lets the
 * checkpoint move past the event. Nothing writes to the store and then sends to the broker.
 *
 * Delivery is at least once: after a crash the events since the last checkpoint are published
 * again, with the same message ids (derived from the domain event id, the contract type and
 * version), and the consumers' inboxes drop the duplicates.
 *
 * A transport or store failure stops the subscription; the relay restarts it from the checkpoint
 * after a backoff. A {@link RelayMappingError} is a bug and stops the relay for good: `done`
 * rejects with it.
 */
export class Relay {
  private readonly name: string;
  private readonly metrics: RelayMetrics | undefined;
  private readonly clock: () => Date;
  private readonly maxBuffered: number;
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeFromBackoff: (() => void) | undefined;
  private unregister: (() => void) | undefined;
  private buffer: Pending[] = [];
  /** recordedAt of the oldest event read whose messages are not yet published. */
  private oldestUnpublished: Date | undefined;

  constructor(private readonly options: RelayOptions) {
    if (!options.subscriptionId) throw new Error('A relay needs a subscriptionId');
    this.name = options.subscriptionId;
    this.clock = options.clock ?? (() => new Date());
    this.maxBuffered = options.maxBuffered ?? 1_000;
    this.metrics = options.metrics ? relayMetrics(options.metrics.registry) : undefined;
  }

  /** Resolves when stopped; rejects with a {@link RelayMappingError}. */
  get done(): Promise<void> {
    if (!this.running) throw new Error(`Relay ${this.name} has not been started`);
    return this.running;
  }

  start(): void {
    if (this.running) throw new Error(`Relay ${this.name} is already started`);
    this.unregister = this.metrics?.register({ name: this.name, lagSeconds: () => this.lagSeconds() });
    this.running = this.run().finally(() => this.unregister?.());
    this.running.catch(() => undefined);
  }

  /** Finishes the event in hand, publishes what it has read, stores the checkpoint, and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeFromBackoff?.();
    await this.subscription?.stop();
    await this.running?.catch(() => undefined);
  }

  /** Seconds behind the event store: age of the oldest event read and not yet published; 0 when caught up. */
  lagSeconds(): number {
    if (!this.oldestUnpublished) return 0;
    return Math.max(0, (this.clock().getTime() - this.oldestUnpublished.getTime()) / 1000);
  }

  private async run(): Promise<void> {
    const backoff = this.options.restartBackoff ?? { initialMs: 100, maxMs: 10_000 };
    let failures = 0;
    while (!this.stopping) {
      this.buffer = [];
      const batched = this.options.checkpoints !== undefined;
      const subscription = this.options.store.subscribeToAll({
        subscriptionId: this.options.subscriptionId,
        categories: this.options.categories,
        checkpoints: batched ? this.publishingCheckpoints(this.options.checkpoints!) : undefined,
        handler: async (event) => {
          await this.enqueue(event);
          if (!batched || this.buffer.length >= this.maxBuffered) await this.flush();
          failures = 0;
        },
        onCaughtUp: () => {
          if (this.buffer.length === 0) this.oldestUnpublished = undefined;
        },
      });
      this.subscription = subscription;
      try {
        await subscription.done;
        return;
      } catch (error) {
        this.metrics?.failures.inc({ relay: this.name });
        this.options.onError?.(error);
        if (error instanceof RelayMappingError) throw error;
        failures += 1;
        await this.sleep(Math.min(backoff.initialMs * 2 ** (failures - 1), backoff.maxMs));
      }
    }
  }

  /** Maps and validates one event's messages into the buffer; a bad mapping throws {@link RelayMappingError}. */
  private async enqueue(event: RecordedEvent): Promise<void> {
    let mapped: readonly OutgoingMessageWithTopic[];
    const seen = new Set<string>();
    const pending: Pending[] = [];
    // counted as lag while an async mapping waits for what it looks up
    this.oldestUnpublished ??= event.recordedAt;
    try {
      mapped = await this.options.map(event);
      for (const outgoing of mapped) {
        const id = `${outgoing.topic}/${outgoing.type}/v${outgoing.version}`;
        if (seen.has(id)) throw new Error(`the mapping returned ${outgoing.type}.v${outgoing.version} twice`);
        seen.add(id);
        this.options.registry.assertValid(outgoing.topic, outgoing.type, outgoing.version, outgoing.payload);
        pending.push({ topic: outgoing.topic, message: this.toMessage(event, outgoing) });
      }
    } catch (error) {
      if (error instanceof MappingUnavailableError) throw error;
      throw new RelayMappingError(this.name, event, error);
    }
    if (pending.length === 0) {
      if (this.buffer.length === 0) this.oldestUnpublished = undefined;
      return;
    }
    this.buffer.push(...pending);
  }

  private toMessage(event: RecordedEvent, outgoing: OutgoingMessageWithTopic): OutgoingMessage {
    const traceparent = (event as { traceparent?: unknown }).traceparent;
    const headers: MessageHeaders = {
      eventId: integrationMessageId(event.eventId, outgoing.type, outgoing.version),
      type: outgoing.type,
      schemaVersion: outgoing.version,
      correlationId: event.correlationId,
      causationId: event.eventId,
      ...(typeof traceparent === 'string' ? { traceparent } : {}),
      occurredAt: event.recordedAt.toISOString(),
    };
    return { key: outgoing.key ?? event.streamId, headers, payload: outgoing.payload };
  }

  /** Publishes the buffer in order, one call per run of messages to the same topic. */
  private async flush(): Promise<void> {
    while (this.buffer.length > 0) {
      const topic = this.buffer[0].topic;
      let end = 1;
      while (end < this.buffer.length && this.buffer[end].topic === topic) end += 1;
      const run = this.buffer.slice(0, end);
      await this.options.transport.publish(
        topic,
        run.map((pending) => pending.message),
      );
      this.buffer = this.buffer.slice(end);
      for (const pending of run) {
        this.metrics?.published.inc({ relay: this.name, topic, type: pending.message.headers.type });
      }
    }
    this.oldestUnpublished = undefined;
  }

  /** The checkpoint moves only after every message read up to it has been published. */
  private publishingCheckpoints(inner: CheckpointStore): CheckpointStore {
    return {
      load: (subscriptionId) => inner.load(subscriptionId),
      store: async (subscriptionId: string, position: GlobalPosition) => {
        await this.flush();
        await inner.store(subscriptionId, position);
      },
    };
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeFromBackoff = undefined;
        resolve();
      }, ms);
      this.wakeFromBackoff = () => {
        clearTimeout(timer);
        this.wakeFromBackoff = undefined;
        resolve();
      };
    });
  }
}
