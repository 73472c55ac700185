import type { RecordedEvent } from '../event-store.port.js';
import type { StoredMetadata } from '../hash-chain.js';
import type { UpcasterRegistry } from '../upcasting.js';

/**
 * The columns every read selects, in the shape {@link EventRow} describes. The transaction id
 * comes back as text: qualify it (`e.transaction_id`) wherever the query orders by it, or the
 * text alias wins and '10000' sorts before '9999'.
 */
export const EVENT_COLUMNS =
  'event_id, stream_id, revision, type, schema_version, data, metadata, hash, previous_hash, ' +
  'transaction_id::text AS transaction_id, global_position';

/** A row of `events` as node-postgres returns it (int8 and xid8 as text, jsonb parsed, bytea as Buffer). */
export interface EventRow {
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: string;
  readonly type: string;
  readonly schema_version: number;
  readonly data: unknown;
  readonly metadata: StoredMetadata;
  readonly hash: Buffer;
  readonly previous_hash: Buffer;
  readonly transaction_id: string;
  readonly global_position: string;
}

/** The event as the port hands it out: upcast to the newest schema version, the stored row untouched. */
export function toRecordedEvent(row: EventRow, upcasters: UpcasterRegistry | undefined): RecordedEvent {
  const { schemaVersion, data } = upcasters
    ? upcasters.upcast(row.type, row.schema_version, row.data)
    : { schemaVersion: row.schema_version, data: row.data };
  const metadata = row.metadata;
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion,
    streamId: row.stream_id,
    revision: Number(row.revision),
    globalPosition: { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) },
    recordedAt: new Date(metadata.recordedAt),
    actor: { id: metadata.actorId, role: metadata.actorRole },
    ...(metadata.reason === undefined ? {} : { reason: metadata.reason }),
    correlationId: metadata.correlationId,
    ...(metadata.causationId === undefined ? {} : { causationId: metadata.causationId }),
    hash: row.hash.toString('hex'),
    previousHash: row.previous_hash.toString('hex'),
    data,
  };
}
