import { randomUUID } from 'node:crypto';
import { InvalidAppendError } from '../event-store.errors.js';
import type { AppendOptions, ExpectedRevision, GlobalPosition, NewEvent } from '../event-store.port.js';
import { comparePositions, streamCategory } from '../event-store.port.js';
import { contentHash, linkHash, type StoredMetadata } from '../hash-chain.js';

/**
 * Pure translations between the event store port and KurrentDB's shapes, kept apart from the
 * client so that they can be tested without a server.
 */

/** What the adapter writes as an event's metadata JSON in KurrentDB. */
export interface KurrentEventMetadata extends StoredMetadata {
  readonly schemaVersion: number;
  /** Hex SHA-256 link hash (see hash-chain.ts). */
  readonly hash: string;
  /** Hex; empty at revision 0. */
  readonly previousHash: string;
}

/** The client's spelling of a stream's current revision: a bigint or `'no_stream'`. */
export type KurrentRevision = bigint | 'no_stream';

/** A stream's last revision as the port spells it. */
export type PortRevision = number | 'no_stream';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Does the stream's actual last revision satisfy what the caller expected? */
export function satisfiesExpectedRevision(expected: ExpectedRevision, actual: PortRevision): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}

/**
 * The expected revision the adapter sends with an append: always the exact revision it has just
 * read (or `no_stream`), whatever the caller asked for, so that no other writer can slip in
 * between the read of the previous hash and the write.
 */
export function toKurrentExpectedRevision(actual: PortRevision): KurrentRevision {
  return actual === 'no_stream' ? 'no_stream' : BigInt(actual);
}

/** The client's current revision (for instance from a WrongExpectedVersionError) as the port spells it. */
export function fromKurrentRevision(current: unknown): PortRevision {
  if (typeof current === 'bigint') return Number(current);
  if (typeof current === 'number' && Number.isInteger(current) && current >= 0) return current;
  return 'no_stream';
}

export function encodeMetadata(metadata: KurrentEventMetadata): Record<string, unknown> {
  const encoded: Record<string, unknown> = {
    schemaVersion: metadata.schemaVersion,
    actorId: metadata.actorId,
    actorRole: metadata.actorRole,
    correlationId: metadata.correlationId,
    recordedAt: metadata.recordedAt,
    hash: metadata.hash,
    previousHash: metadata.previousHash,
    // KurrentDB's own convention, used by its $by_correlation_id projection; not part of the hash.
    $correlationId: metadata.correlationId,
  };
  if (metadata.reason !== undefined) encoded.reason = metadata.reason;
  if (metadata.causationId !== undefined) {
    encoded.causationId = metadata.causationId;
    encoded.$causationId = metadata.causationId;
  }
  return encoded;
}

export class MalformedKurrentMetadataError extends Error {
  constructor(field: string) {
    super(`KurrentDB event metadata is missing or has a malformed "${field}"`);
    this.name = 'MalformedKurrentMetadataError';
  }
}

/** Reads back what {@link encodeMetadata} wrote; throws {@link MalformedKurrentMetadataError} for anything else. */
export function decodeMetadata(raw: unknown): KurrentEventMetadata {
  const value = parseJsonObject(raw);
  const text = (field: string, optional = false): string | undefined => {
    const item = value[field];
    if (item === undefined && optional) return undefined;
    if (typeof item !== 'string') throw new MalformedKurrentMetadataError(field);
    return item;
  };
  const schemaVersion = value.schemaVersion;
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw new MalformedKurrentMetadataError('schemaVersion');
  }
  const decoded: KurrentEventMetadata = {
    schemaVersion,
    actorId: text('actorId')!,
    actorRole: text('actorRole')!,
    correlationId: text('correlationId')!,
    recordedAt: text('recordedAt')!,
    hash: text('hash')!,
    previousHash: text('previousHash')!,
  };
  const reason = text('reason', true);
  const causationId = text('causationId', true);
  return {
    ...decoded,
    ...(reason !== undefined ? { reason } : {}),
    ...(causationId !== undefined ? { causationId } : {}),
  };
}

/** The part of the metadata that the hash chain covers. */
export function storedMetadataOf(metadata: KurrentEventMetadata): StoredMetadata {
  const stored: StoredMetadata = {
    actorId: metadata.actorId,
    actorRole: metadata.actorRole,
    correlationId: metadata.correlationId,
    recordedAt: metadata.recordedAt,
  };
  return {
    ...stored,
    ...(metadata.reason !== undefined ? { reason: metadata.reason } : {}),
    ...(metadata.causationId !== undefined ? { causationId: metadata.causationId } : {}),
  };
}

function parseJsonObject(raw: unknown): Record<string, unknown> {
  let value = raw;
  if (raw instanceof Uint8Array) value = Buffer.from(raw).toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new MalformedKurrentMetadataError('(not JSON)');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedKurrentMetadataError('(not an object)');
  }
  return value as Record<string, unknown>;
}

export function toGlobalPosition(position: { commit: bigint; prepare: bigint }): GlobalPosition {
  return { commit: position.commit, prepare: position.prepare };
}

/** `after` is exclusive: only positions strictly greater than it pass. */
export function isAfter(position: GlobalPosition, after: GlobalPosition | null | undefined): boolean {
  return !after || comparePositions(position, after) > 0;
}

/** A checkpoint as JSON (bigints as decimal strings). */
export function positionToJson(position: GlobalPosition): { commit: string; prepare: string } {
  return { commit: position.commit.toString(10), prepare: position.prepare.toString(10) };
}

export function positionFromJson(raw: unknown): GlobalPosition | null {
  let value: Record<string, unknown>;
  try {
    value = parseJsonObject(raw);
  } catch {
    return null;
  }
  const { commit, prepare } = value;
  if (typeof commit !== 'string' || typeof prepare !== 'string') return null;
  if (!/^\d+$/.test(commit) || !/^\d+$/.test(prepare)) return null;
  return { commit: BigInt(commit), prepare: BigInt(prepare) };
}

/**
 * The stream-name prefixes that select categories on the server: `referral-` for the streams
 * `referral-<id>` and the bare `referral`. A bare prefix also matches `referrals-1`, so the adapter
 * checks {@link matchesCategories} on every event it receives as well.
 */
export function categoryPrefixes(categories: readonly string[]): string[] {
  return [...new Set(categories.flatMap((category) => [`${category}-`, category]))];
}

export function matchesCategories(streamId: string, categories: readonly string[] | undefined): boolean {
  return !categories || categories.length === 0 || categories.includes(streamCategory(streamId));
}

/** KurrentDB's own events and streams (`$>` links, `$$` metadata streams, `$stats-...`). */
export function isSystemEvent(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

export function checkpointStreamName(prefix: string, subscriptionId: string): string {
  return `${prefix}-${subscriptionId}`;
}

/** An event ready for the client's `jsonEvent`. */
export interface ChainedNewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown> | unknown[];
  readonly metadata: Record<string, unknown>;
  readonly hash: string;
}

export interface ChainInput {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  /** Revision the first new event takes (the stream's last revision + 1, or 0). */
  readonly firstRevision: number;
  /** Hex hash of the stream's last event; empty for a new stream. */
  readonly previousHash: string;
  readonly context: Omit<AppendOptions, 'expectedRevision'>;
  readonly recordedAt: Date;
}

/**
 * Refuses, before any I/O, what KurrentDB would refuse or the hash chain cannot carry: an empty
 * batch, an event id that is not a UUID or appears twice, a `$` type, a schema version below 1.
 */
export function validateNewEvents(streamId: string, events: readonly NewEvent[]): void {
  validateStreamId(streamId);
  if (events.length === 0) throw new InvalidAppendError('An append needs at least one event');
  const seen = new Set<string>();
  for (const event of events) {
    if (!event.type || event.type.startsWith('$')) throw new InvalidAppendError('Event type is empty or starts with $');
    if (event.eventId !== undefined) {
      if (!UUID.test(event.eventId)) throw new InvalidAppendError(`Event id of a ${event.type} event is not a UUID`);
      if (seen.has(event.eventId.toLowerCase())) throw new InvalidAppendError('The same event id appears twice');
      seen.add(event.eventId.toLowerCase());
    }
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw new InvalidAppendError(`Schema version of a ${event.type} event is not a positive integer`);
    }
  }
}

/** Checks a batch and links each event into the stream's hash chain. */
export function chainNewEvents(input: ChainInput): ChainedNewEvent[] {
  validateNewEvents(input.streamId, input.events);
  const stored: StoredMetadata = {
    actorId: input.context.actor.id,
    actorRole: input.context.actor.role,
    correlationId: input.context.correlationId,
    recordedAt: input.recordedAt.toISOString(),
    ...(input.context.reason !== undefined ? { reason: input.context.reason } : {}),
    ...(input.context.causationId !== undefined ? { causationId: input.context.causationId } : {}),
  };
  let previous: Buffer = Buffer.from(input.previousHash, 'hex');
  return input.events.map((event, index) => {
    const revision = input.firstRevision + index;
    const eventId = event.eventId ?? randomUUID();
    const schemaVersion = event.schemaVersion ?? 1;
    const data = normaliseData(event);
    const content = contentHash({
      eventId,
      streamId: input.streamId,
      type: event.type,
      schemaVersion,
      data,
      metadata: stored,
    });
    const link = linkHash(revision, previous, content);
    const metadata = encodeMetadata({
      ...stored,
      schemaVersion,
      hash: link.toString('hex'),
      previousHash: previous.toString('hex'),
    });
    previous = link;
    return { id: eventId, type: event.type, data, metadata, hash: link.toString('hex') };
  });
}

/**
 * Where the caller's named events already stand in the stream: `all` when they are recorded, in
 * order, one after the other (a retried append, to acknowledge), `some` when only part of them
 * are (a reused id, to refuse), `none` otherwise. `recordedIds` are the stream's event ids in
 * revision order.
 */
export function findRecordedRun(
  events: readonly NewEvent[],
  recordedIds: readonly string[],
): { kind: 'none' } | { kind: 'some' } | { kind: 'all'; lastRevision: number } {
  const wanted = events.map((event) => event.eventId?.toLowerCase());
  const recorded = recordedIds.map((id) => id.toLowerCase());
  const present = wanted.filter((id) => id !== undefined && recorded.includes(id));
  if (present.length === 0) return { kind: 'none' };
  const start = recorded.indexOf(wanted[0] ?? '');
  if (start !== -1 && wanted.every((id, index) => recorded[start + index] === id)) {
    return { kind: 'all', lastRevision: start + wanted.length - 1 };
  }
  return { kind: 'some' };
}

export function validateStreamId(streamId: string): void {
  if (!streamId || streamId.startsWith('$')) throw new InvalidAppendError('Stream id is empty or starts with $');
}

/**
 * The data exactly as it will be read back (dates as ISO strings, undefined dropped), so that the
 * hash computed now matches the one a verifier computes later.
 */
function normaliseData(event: NewEvent): Record<string, unknown> | unknown[] {
  const data: unknown = JSON.parse(JSON.stringify(event.data ?? null));
  if (data === null || typeof data !== 'object') {
    throw new InvalidAppendError(`Data of a ${event.type} event must be a JSON object or array`);
  }
  return data as Record<string, unknown> | unknown[];
}
