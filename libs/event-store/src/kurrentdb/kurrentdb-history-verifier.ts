import { EventStoreDBClient, FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client';
import { verifyChain, type ChainBreak, type ChainLink } from '../hash-chain.js';
import type { HistoryReport } from '../verify/history-verifier.js';
import { decodeMetadata, isSystemEvent, storedMetadataOf, type KurrentEventMetadata } from './kurrentdb-mapping.js';

/** The PostgreSQL verifier's report, so both adapters' histories are checked and reported alike. */
export type KurrentHistoryReport = HistoryReport;

export interface VerifyKurrentHistoryOptions {
  /** Streams `${prefix}-*` hold checkpoints, not history; default `checkpoint` (or the store's own). */
  readonly checkpointStreamPrefix?: string;
}

/**
 * Re-computes the hash chain of every non-system stream in a KurrentDB store: finds the streams
 * by reading $all once, then reads each stream forwards and checks it with {@link verifyChain}.
 * An event whose metadata is not the adapter's is reported as a break, not thrown.
 */
export async function verifyKurrentHistory(
  source: EventStoreDBClient | { readonly client: EventStoreDBClient; readonly checkpointStreamPrefix?: string },
  options: VerifyKurrentHistoryOptions = {},
): Promise<KurrentHistoryReport> {
  const client = source instanceof EventStoreDBClient ? source : source.client;
  const prefix =
    options.checkpointStreamPrefix ??
    (source instanceof EventStoreDBClient ? undefined : source.checkpointStreamPrefix) ??
    'checkpoint';

  const streams = new Set<string>();
  for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: START })) {
    const event = resolved.event;
    if (!event || isSystemEvent(event.streamId, event.type) || event.streamId.startsWith(`${prefix}-`)) continue;
    streams.add(event.streamId);
  }

  let eventsChecked = 0;
  const breaks: ChainBreak[] = [];
  for (const streamId of streams) {
    const links: ChainLink[] = [];
    try {
      for await (const resolved of client.readStream(streamId, { direction: FORWARDS, fromRevision: START })) {
        if (resolved.event) links.push(toLink(resolved.event));
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    eventsChecked += links.length;
    const broken = verifyChain(links);
    if (broken) breaks.push(broken);
  }
  return { streamsChecked: streams.size, eventsChecked, breaks };
}

function toLink(event: {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
}): ChainLink {
  let metadata: KurrentEventMetadata;
  try {
    metadata = decodeMetadata(event.metadata);
  } catch {
    // Not written by the adapter: an empty hash can never match, so verifyChain reports it.
    metadata = {
      schemaVersion: 1,
      actorId: '',
      actorRole: '',
      correlationId: '',
      recordedAt: '',
      hash: '',
      previousHash: '',
    };
  }
  const data = event.data instanceof Uint8Array ? Buffer.from(event.data).toString('base64') : event.data;
  return {
    streamId: event.streamId,
    revision: Number(event.revision),
    eventId: event.id,
    hash: metadata.hash,
    previousHash: metadata.previousHash,
    content: {
      eventId: event.id,
      streamId: event.streamId,
      type: event.type,
      schemaVersion: metadata.schemaVersion,
      data,
      metadata: storedMetadataOf(metadata),
    },
  };
}
