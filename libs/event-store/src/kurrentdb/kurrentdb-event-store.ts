import {
  BACKWARDS,
  CancelledError,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamSubscription,
  type StreamingRead,
} from '@eventstore/db-client';
import { InvalidAppendError, WrongExpectedRevisionError } from '../event-store.errors.js';
import {
  EventStore,
  type AppendOptions,
  type AppendResult,
  type CheckpointStore,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type Subscription,
  type SubscriptionOptions,
} from '../event-store.port.js';
import { UpcasterRegistry } from '../upcasting.js';
import {
  categoryPrefixes,
  chainNewEvents,
  checkpointStreamName,
  decodeMetadata,
  findRecordedRun,
  fromKurrentRevision,
  isAfter,
  isSystemEvent,
  matchesCategories,
  positionFromJson,
  positionToJson,
  satisfiesExpectedRevision,
  toGlobalPosition,
  toKurrentExpectedRevision,
  validateNewEvents,
  type PortRevision,
} from './kurrentdb-mapping.js';

export {
  verifyKurrentHistory,
  type KurrentHistoryReport,
  type VerifyKurrentHistoryOptions,
} from './kurrentdb-history-verifier.js';

export interface KurrentDbEventStoreOptions {
  /** For instance `esdb://localhost:2113?tls=false`. */
  readonly connectionString: string;
  readonly upcasters?: UpcasterRegistry;
  /** Source of `recordedAt`; defaults to the system clock. */
  readonly clock?: () => Date;
  /** Default checkpoints live in the streams `${prefix}-${subscriptionId}`; default prefix `checkpoint`. */
  readonly checkpointStreamPrefix?: string;
  /** gRPC deadline of appends and metadata writes, in milliseconds (default 10 000). */
  readonly deadline?: number;
}

/** The part of a KurrentDB recorded event the adapter reads. */
interface KurrentRecorded {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: { commit: bigint; prepare: bigint };
}

const APPEND_ATTEMPTS = 5;
const CATCH_UP_PAGE = 500;

/**
 * The event store port on KurrentDB (EventStoreDB). Each append first reads the stream's last
 * event (for its revision and hash) and then appends with exactly that revision as the expected
 * revision, so the hash chain can never fork under concurrent writers.
 *
 * Streams named `${checkpointStreamPrefix}-*` hold subscription checkpoints; they are hidden from
 * readAll, subscriptions and the history verifier, so no category may use that prefix.
 */
export class KurrentDbEventStore extends EventStore {
  readonly client: EventStoreDBClient;
  readonly checkpointStreamPrefix: string;
  private readonly upcasters: UpcasterRegistry;
  private readonly clock: () => Date;
  private readonly deadline: number;
  private readonly checkpoints: KurrentDbCheckpointStore;
  private readonly active = new Set<Subscription>();

  constructor(options: KurrentDbEventStoreOptions) {
    super();
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.clock = options.clock ?? (() => new Date());
    this.deadline = options.deadline ?? 10_000;
    this.checkpointStreamPrefix = options.checkpointStreamPrefix ?? 'checkpoint';
    this.checkpoints = new KurrentDbCheckpointStore(this.client, this.checkpointStreamPrefix, this.deadline);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validateNewEvents(streamId, events);
    const named = events.some((event) => event.eventId !== undefined);
    for (let attempt = 1; ; attempt += 1) {
      const last = await this.lastEvent(streamId);
      if (named && last.revision !== 'no_stream') {
        // KurrentDB does not refuse an event id it already holds: look for the caller's ids first.
        const earlier = await this.findEarlierAppend(streamId, events);
        if (earlier) return earlier;
      }
      if (!satisfiesExpectedRevision(options.expectedRevision, last.revision)) {
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, last.revision);
      }
      const chained = chainNewEvents({
        streamId,
        events,
        firstRevision: last.revision === 'no_stream' ? 0 : last.revision + 1,
        previousHash: last.hash,
        context: options,
        recordedAt: this.clock(),
      });
      let result: { nextExpectedRevision: bigint; position?: { commit: bigint; prepare: bigint } };
      try {
        result = await this.client.appendToStream(
          streamId,
          chained.map((event) =>
            jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }),
          ),
          { expectedRevision: toKurrentExpectedRevision(last.revision), deadline: this.deadline },
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const actual = fromKurrentRevision(error.actualVersion);
        // Another writer slipped in; the caller's expectation may still hold ('any', 'stream_exists').
        if (attempt < APPEND_ATTEMPTS && (named || satisfiesExpectedRevision(options.expectedRevision, actual))) {
          continue;
        }
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      }
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      // The position of the last event appended, as reads report it (the append's own position may
      // name the transaction's commit rather than that event).
      const appended = await this.eventAt(streamId, nextExpectedRevision);
      const position = appended ?? (result.position ? toGlobalPosition(result.position) : { commit: 0n, prepare: 0n });
      return { nextExpectedRevision, position };
    }
  }

  async readStream<E extends RecordedEvent = RecordedEvent>(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<ReadStreamResult<E>> {
    const direction = options.direction ?? 'forwards';
    if (options.maxCount !== undefined && options.maxCount <= 0) {
      return { events: [], revision: (await this.lastEvent(streamId)).revision };
    }
    const events: E[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision:
          options.fromRevision !== undefined ? BigInt(options.fromRevision) : direction === 'forwards' ? START : END,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(this.toRecorded(resolved.event, resolved.commitPosition) as E);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { events: [], revision: 'no_stream' };
      throw error;
    }
    // The stream's last revision is known from the read itself when it ran to the end.
    let revision: PortRevision;
    if (direction === 'forwards' && options.maxCount === undefined && events.length > 0) {
      revision = events[events.length - 1].revision;
    } else if (direction === 'backwards' && options.fromRevision === undefined && events.length > 0) {
      revision = events[0].revision;
    } else {
      revision = (await this.lastEvent(streamId)).revision;
    }
    return { events, revision };
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    // This client version has no server-side filter on reads of $all: filter here.
    const read = this.client.readAll({ direction: FORWARDS, fromPosition: options.after ?? START });
    for await (const resolved of untilDone(read)) {
      const event = resolved.event;
      if (!event || !this.isVisible(event.streamId, event.type, options.categories)) continue;
      if (!isAfter(event.position, options.after)) continue;
      events.push(this.toRecorded(event));
      if (events.length >= limit) break;
    }
    return events;
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    const checkpoints = options.checkpoints ?? this.checkpoints;
    let stopping = false;
    let live: AllStreamSubscription | undefined;
    let handlerFailed = false;

    const handle = async (event: RecordedEvent): Promise<void> => {
      try {
        await options.handler(event);
        await checkpoints.store(options.subscriptionId, event.globalPosition);
      } catch (error) {
        handlerFailed = true;
        throw error;
      }
    };

    const run = async (): Promise<void> => {
      let position = await checkpoints.load(options.subscriptionId);
      // Catch up page by page, then follow live from the last position handled.
      for (;;) {
        if (stopping) return;
        const page = await this.readAll({
          ...(position ? { after: position } : {}),
          maxCount: CATCH_UP_PAGE,
          ...(options.categories ? { categories: options.categories } : {}),
        });
        for (const event of page) {
          if (stopping) return;
          await handle(event);
          position = event.globalPosition;
        }
        if (page.length < CATCH_UP_PAGE) break;
      }
      if (stopping) return;
      options.onCaughtUp?.();
      live = this.client.subscribeToAll({
        fromPosition: position ?? START,
        filter:
          options.categories && options.categories.length > 0
            ? streamNameFilter({ prefixes: categoryPrefixes(options.categories) })
            : excludeSystemEvents(),
      });
      let behind = false;
      live.on('fellBehind', () => (behind = true));
      live.on('caughtUp', () => {
        if (!behind) return;
        behind = false;
        options.onCaughtUp?.();
      });
      if (stopping) return;
      for await (const resolved of live) {
        const event = resolved.event;
        if (!event || !this.isVisible(event.streamId, event.type, options.categories)) continue;
        if (!isAfter(event.position, position)) continue;
        const recorded = this.toRecorded(event);
        await handle(recorded);
        position = recorded.globalPosition;
        if (stopping) return;
      }
      if (!stopping) throw new Error('The KurrentDB subscription ended without being stopped');
    };

    const done = run().then(
      async () => {
        await live?.unsubscribe().catch(() => undefined);
      },
      async (error: unknown) => {
        await live?.unsubscribe().catch(() => undefined);
        // Ending the live stream on stop may surface as an error; a failed handler never is one.
        if (stopping && !handlerFailed && isCancellation(error)) return;
        options.onError?.(error);
        throw error;
      },
    );
    // Callers that only pass onError need not await `done`; do not crash the process on its rejection.
    done.catch(() => undefined);
    const subscription: Subscription = {
      done,
      stop: async () => {
        stopping = true;
        // With no handler in hand the loop is waiting for the next event: end the stream to wake it.
        await live?.unsubscribe().catch(() => undefined);
        await done.catch(() => undefined);
      },
    };
    this.active.add(subscription);
    void done.finally(() => this.active.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.active].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private isVisible(streamId: string, type: string, categories: readonly string[] | undefined): boolean {
    return (
      !isSystemEvent(streamId, type) &&
      !streamId.startsWith(`${this.checkpointStreamPrefix}-`) &&
      matchesCategories(streamId, categories)
    );
  }

  /** The stream's last revision and hash (empty for a new stream). */
  private async lastEvent(
    streamId: string,
  ): Promise<{ revision: PortRevision; hash: string; position: GlobalPosition | undefined }> {
    try {
      const read = this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      for await (const resolved of untilDone(read)) {
        if (!resolved.event) continue;
        return {
          revision: Number(resolved.event.revision),
          hash: decodeMetadata(resolved.event.metadata).hash,
          position: resolved.event.position ? toGlobalPosition(resolved.event.position) : undefined,
        };
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return { revision: 'no_stream', hash: '', position: undefined };
  }

  /**
   * A retried append: the caller named its events and exactly those events are already recorded,
   * one after the other; returns what the first append returned. Refuses a batch of which only
   * some ids are recorded.
   */
  private async findEarlierAppend(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | null> {
    const { events: recorded } = await this.readStream(streamId);
    const run = findRecordedRun(
      events,
      recorded.map((event) => event.eventId),
    );
    if (run.kind === 'none') return null;
    if (run.kind === 'some') throw new InvalidAppendError('An event id of this append is already recorded');
    const last = recorded[run.lastRevision];
    return { nextExpectedRevision: last.revision, position: last.globalPosition };
  }

  private async eventAt(streamId: string, revision: number): Promise<GlobalPosition | undefined> {
    const read = this.client.readStream(streamId, { fromRevision: BigInt(revision), maxCount: 1 });
    for await (const resolved of untilDone(read)) {
      if (resolved.event?.position) return toGlobalPosition(resolved.event.position);
    }
    return undefined;
  }

  private toRecorded(event: KurrentRecorded, commitPosition?: bigint): RecordedEvent {
    const metadata = decodeMetadata(event.metadata);
    const stored = parseData(event.data);
    const { schemaVersion, data } = this.upcasters.upcast(event.type, metadata.schemaVersion, stored);
    const position = event.position
      ? toGlobalPosition(event.position)
      : { commit: commitPosition ?? 0n, prepare: commitPosition ?? 0n };
    return {
      eventId: event.id,
      type: event.type,
      schemaVersion,
      streamId: event.streamId,
      revision: Number(event.revision),
      globalPosition: position,
      recordedAt: new Date(metadata.recordedAt),
      actor: { id: metadata.actorId, role: metadata.actorRole },
      ...(metadata.reason !== undefined ? { reason: metadata.reason } : {}),
      correlationId: metadata.correlationId,
      ...(metadata.causationId !== undefined ? { causationId: metadata.causationId } : {}),
      hash: metadata.hash,
      previousHash: metadata.previousHash,
      data,
    };
  }
}

/**
 * Iterates a read and cancels its gRPC call when the loop leaves early (a `break` or `return`
 * only destroys the Node stream, leaving the server-side read open until the client is disposed).
 */
async function* untilDone<T>(read: StreamingRead<T>): AsyncGenerator<T> {
  let finished = false;
  try {
    for await (const item of read) yield item;
    finished = true;
  } finally {
    if (!finished) void read.cancel().catch(() => undefined);
  }
}

/** The client's own cancellation of a stream we ended (gRPC status 1). */
function isCancellation(error: unknown): boolean {
  return error instanceof CancelledError || (error as { code?: unknown } | null)?.code === 1;
}

/** JSON events come back parsed; anything written as bytes is parsed here. */
function parseData(data: unknown): unknown {
  if (data instanceof Uint8Array) return JSON.parse(Buffer.from(data).toString('utf8'));
  return data;
}

/**
 * The adapter's default checkpoints: one KurrentDB stream per subscription, whose `$maxCount` is
 * set to 1 so the server keeps only the latest position.
 */
export class KurrentDbCheckpointStore implements CheckpointStore {
  private readonly limited = new Set<string>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefix = 'checkpoint',
    private readonly deadline = 10_000,
  ) {}

  async load(subscriptionId: string): Promise<GlobalPosition | null> {
    try {
      const read = this.client.readStream(checkpointStreamName(this.prefix, subscriptionId), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      });
      for await (const resolved of untilDone(read)) {
        if (resolved.event) return positionFromJson(parseData(resolved.event.data));
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return null;
  }

  async store(subscriptionId: string, position: GlobalPosition): Promise<void> {
    const stream = checkpointStreamName(this.prefix, subscriptionId);
    if (!this.limited.has(stream)) {
      const metadata = await this.client.getStreamMetadata(stream).catch(() => null);
      if (metadata?.metadata?.maxCount !== 1) {
        await this.client.setStreamMetadata(stream, { maxCount: 1 }, { deadline: this.deadline });
      }
      this.limited.add(stream);
    }
    await this.client.appendToStream(
      stream,
      jsonEvent({ type: 'SubscriptionCheckpoint', data: positionToJson(position) }),
      { deadline: this.deadline },
    );
  }
}
