import type pg from 'pg';
import { verifyChain, type ChainBreak, type ChainLink } from '../hash-chain.js';
import type { EventRow } from '../postgres/postgres-event-rows.js';
import { assertSchemaName } from '../postgres/postgres-event-store.schema.js';

export interface HistoryReport {
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  /** The first broken link of each broken stream, in stream id order. */
  readonly breaks: ChainBreak[];
}

const BATCH = 2000;

/** The columns the verifier reads: what is hashed, and the hashes stored. */
type StoredRow = Pick<
  EventRow,
  'event_id' | 'stream_id' | 'revision' | 'type' | 'schema_version' | 'data' | 'metadata' | 'hash' | 'previous_hash'
>;

/**
 * Recomputes every hash of `<schema>.events` in JavaScript from the stored rows (never
 * upcast), stream by stream, and names the first broken link of each stream. Rows are read in
 * batches of (stream id, revision) order; one stream's links at a time are held in memory.
 *
 * Removing a stream's last events leaves a valid shorter chain: that is beyond a hash
 * chain's reach (ADR 004).
 */
export async function verifyPostgresHistory(pool: pg.Pool, schema: string): Promise<HistoryReport> {
  assertSchemaName(schema);
  let streamsChecked = 0;
  let eventsChecked = 0;
  const breaks: ChainBreak[] = [];
  let stream: ChainLink[] = [];
  const finishStream = () => {
    if (stream.length === 0) return;
    streamsChecked += 1;
    const broken = verifyChain(stream);
    if (broken) breaks.push(broken);
    stream = [];
  };
  let after: { streamId: string; revision: string } | null = null;
  for (;;) {
    const result: pg.QueryResult<StoredRow> = await pool.query<StoredRow>(
      `SELECT event_id, stream_id, revision, type, schema_version, data, metadata, hash, previous_hash
         FROM ${schema}.events
        ${after ? 'WHERE (stream_id, revision) > ($2, $3::bigint)' : ''}
        ORDER BY stream_id, revision
        LIMIT $1`,
      after ? [BATCH, after.streamId, after.revision] : [BATCH],
    );
    const rows = result.rows;
    for (const row of rows) {
      if (stream.length > 0 && stream[0].streamId !== row.stream_id) finishStream();
      stream.push(toLink(row));
      eventsChecked += 1;
    }
    if (rows.length < BATCH) break;
    const last: StoredRow = rows[rows.length - 1];
    after = { streamId: last.stream_id, revision: last.revision };
  }
  finishStream();
  return { streamsChecked, eventsChecked, breaks };
}

function toLink(row: StoredRow): ChainLink {
  return {
    streamId: row.stream_id,
    revision: Number(row.revision),
    eventId: row.event_id,
    content: {
      eventId: row.event_id,
      streamId: row.stream_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata,
    },
    hash: row.hash.toString('hex'),
    previousHash: row.previous_hash.toString('hex'),
  };
}
