/**
 * The event store port: the one interface every service uses to record and read its
 * history. Two adapters implement it (PostgreSQL, KurrentDB) and one contract suite
 * (`event-store.contract.ts`) holds them to the same behaviour.
 */

/** Who did it, in which role. Every recorded event names a person (or `system:<name>`). */
export interface Actor {
  readonly id: string;
  readonly role: string;
}

/** The why and the how of a command, copied into the metadata of every event it records. */
export interface CommandContext {
  readonly actor: Actor;
  /** Free text given by the person for their decision, when the decision needs one. */
  readonly reason?: string;
  readonly correlationId: string;
  /** The event or message that caused this command, if any. */
  readonly causationId?: string;
}

/** An event as a service hands it to the store. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  /** Version of this event type's data shape; upcasters move older versions forward on read. Default 1. */
  readonly schemaVersion?: number;
  /** Chosen by the caller to make a retried append recognisable; a UUID is generated otherwise. */
  readonly eventId?: string;
}

/**
 * The order of the global log. For PostgreSQL `commit` is the appending transaction's id and
 * `prepare` the event's sequence number; for KurrentDB they are its commit and prepare
 * positions. Compare with {@link comparePositions}; never assume arithmetic on them.
 */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: GlobalPosition = Object.freeze({ commit: 0n, prepare: 0n });

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export interface EventMetadata {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  /** 0-based revision of the event in its stream. */
  readonly revision: number;
  readonly globalPosition: GlobalPosition;
  readonly recordedAt: Date;
  readonly actor: Actor;
  readonly reason?: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /** SHA-256 over the event's stored content and the previous event's hash (hex). */
  readonly hash: string;
  /** Hash of the previous event in the stream; empty string for revision 0. */
  readonly previousHash: string;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends EventMetadata {
  readonly type: Type;
  readonly data: Data;
}

/**
 * What the caller believes about the stream before appending:
 * a revision number (the stream's last revision), `no_stream`, `stream_exists` or `any`.
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOptions extends CommandContext {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append (the last event's revision). */
  readonly nextExpectedRevision: number;
  /** Position of the last event appended. */
  readonly position: GlobalPosition;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadStreamResult<E extends RecordedEvent = RecordedEvent> {
  readonly events: E[];
  /** The stream's last revision, or `'no_stream'` when it has no events. */
  readonly revision: number | 'no_stream';
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Defaults to the start. */
  readonly after?: GlobalPosition;
  readonly maxCount?: number;
  /** Only streams of these categories (the part of the stream id before the first '-'). */
  readonly categories?: readonly string[];
}

/**
 * Where a subscription keeps its checkpoint. Each adapter has a default; a projection may pass
 * its own so that the checkpoint is stored with its read model.
 */
export interface CheckpointStore {
  load(subscriptionId: string): Promise<GlobalPosition | null>;
  store(subscriptionId: string, position: GlobalPosition): Promise<void>;
}

export interface SubscriptionOptions {
  /** Names the subscription; its checkpoint is stored under this id. */
  readonly subscriptionId: string;
  /** Overrides the adapter's own checkpoint storage. */
  readonly checkpoints?: CheckpointStore;
  readonly categories?: readonly string[];
  /**
   * Called once per event, in global order. The checkpoint advances only after it resolves;
   * if it throws, the subscription stops with that error (delivery is at least once).
   */
  readonly handler: (event: RecordedEvent) => Promise<void>;
  /** Called once the subscription has caught up with the log (and again after each gap is filled). */
  readonly onCaughtUp?: () => void;
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Resolves when the handler in hand has finished and the subscription has stopped. */
  stop(): Promise<void>;
  /** Resolves when the subscription stops, rejects if it fails. */
  readonly done: Promise<void>;
}

/** The event store port; abstract class so that it doubles as the Nest DI token. */
export abstract class EventStore {
  abstract appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  abstract readStream<E extends RecordedEvent = RecordedEvent>(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<ReadStreamResult<E>>;
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catches up from the stored checkpoint of `subscriptionId` (or the start), then follows
   * the log live. Never skips an event, even one whose transaction committed late.
   */
  abstract subscribeToAll(options: SubscriptionOptions): Subscription;
  abstract close(): Promise<void>;
}

/** The category of a stream: `referral-123` is in category `referral`. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
