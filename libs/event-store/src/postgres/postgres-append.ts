import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { InvalidAppendError } from '../event-store.errors.js';
import type { AppendOptions, ExpectedRevision, NewEvent } from '../event-store.port.js';
import { canonicalJson, contentHash, type StoredMetadata } from '../hash-chain.js';
import { EXPECT_ANY, EXPECT_NO_STREAM, EXPECT_STREAM_EXISTS, assertSchemaName } from './postgres-event-store.schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What `append_events` returns: the stream's new last revision, the transaction id, the last event's sequence. */
export interface AppendRow {
  readonly last_revision: string;
  readonly transaction_id: string;
  readonly last_position: string;
}

/**
 * The single statement of an append: a call of `append_events` as a named prepared statement.
 * The content hashes are computed here (the link hashes in the database), and data and
 * metadata are sent as canonical JSON, so what is stored is exactly what was hashed.
 */
export function appendStatement(
  schema: string,
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions,
  recordedAt: Date,
): pg.QueryConfig {
  assertSchemaName(schema);
  if (typeof streamId !== 'string' || streamId.length === 0) throw new InvalidAppendError('A stream id is required');
  if (events.length === 0) throw new InvalidAppendError(`Nothing to append to ${streamId}`);
  const metadata: StoredMetadata = {
    actorId: options.actor.id,
    actorRole: options.actor.role,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    correlationId: options.correlationId,
    ...(options.causationId === undefined ? {} : { causationId: options.causationId }),
    recordedAt: recordedAt.toISOString(),
  };
  const eventIds: string[] = [];
  const types: string[] = [];
  const schemaVersions: number[] = [];
  const data: string[] = [];
  const hashes: Buffer[] = [];
  for (const event of events) {
    const eventId = event.eventId ?? randomUUID();
    if (!UUID.test(eventId)) throw new InvalidAppendError(`Event id ${eventId} is not a UUID`);
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw new InvalidAppendError(`Schema version of ${event.type} must be a positive integer`);
    }
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new InvalidAppendError('An event type is required');
    eventIds.push(eventId.toLowerCase());
    types.push(event.type);
    schemaVersions.push(schemaVersion);
    data.push(canonicalJson(event.data));
    hashes.push(
      contentHash({
        eventId: eventId.toLowerCase(),
        streamId,
        type: event.type,
        schemaVersion,
        data: event.data,
        metadata,
      }),
    );
  }
  return {
    name: `es_append_${schema}`,
    text: `SELECT last_revision, transaction_id::text AS transaction_id, last_position FROM ${schema}.append_events($1, $2, $3, $4, $5, $6, $7, $8)`,
    values: [
      streamId,
      expectedRevisionParameter(options.expectedRevision),
      eventIds,
      types,
      schemaVersions,
      `[${data.join(',')}]`,
      canonicalJson(metadata),
      Buffer.concat(hashes),
    ],
  };
}

export function expectedRevisionParameter(expected: ExpectedRevision): number {
  switch (expected) {
    case 'no_stream':
      return EXPECT_NO_STREAM;
    case 'stream_exists':
      return EXPECT_STREAM_EXISTS;
    case 'any':
      return EXPECT_ANY;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new InvalidAppendError(`Expected revision ${String(expected)} is not a revision`);
      }
      return expected;
  }
}
