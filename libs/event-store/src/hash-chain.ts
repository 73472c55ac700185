import { createHash } from 'node:crypto';

/**
 * Each stream is a hash chain. An event's `contentHash` covers everything recorded about it
 * except its place in the stream; its `hash` links that content to its revision and to the
 * previous event's hash:
 *
 *   contentHash = SHA-256(canonicalJson({ eventId, streamId, type, schemaVersion, data, metadata }))
 *   hash        = SHA-256(utf8(`${revision}:`) ‖ previousHash ‖ contentHash)     (previousHash empty at revision 0)
 *
 * Personal fields are already ciphertext when they reach the store, so destroying a subject's
 * key (crypto-shredding) never changes a hash.
 */
export interface ChainedContent {
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: StoredMetadata;
}

/** The metadata stored with an event, as JSON (the adapters add position and revision). */
export interface StoredMetadata {
  readonly actorId: string;
  readonly actorRole: string;
  readonly reason?: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /** ISO 8601 with milliseconds, UTC. */
  readonly recordedAt: string;
}

export function contentHash(content: ChainedContent): Buffer {
  return createHash('sha256')
    .update(
      canonicalJson({
        eventId: content.eventId,
        streamId: content.streamId,
        type: content.type,
        schemaVersion: content.schemaVersion,
        data: content.data,
        metadata: content.metadata,
      }),
    )
    .digest();
}

export function linkHash(revision: number, previousHash: Buffer, content: Buffer): Buffer {
  return createHash('sha256').update(`${revision}:`).update(previousHash).update(content).digest();
}

/**
 * JSON with object keys sorted at every depth and no insignificant white space, so the same
 * value always gives the same bytes, whatever order a database hands the keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export interface ChainLink {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly content: ChainedContent;
  /** As stored (hex). */
  readonly hash: string;
  readonly previousHash: string;
}

export type ChainBreak =
  | { kind: 'content-altered'; streamId: string; revision: number; eventId: string }
  | { kind: 'link-broken'; streamId: string; revision: number; eventId: string }
  | { kind: 'revision-gap'; streamId: string; revision: number; expectedRevision: number };

/**
 * Walks one stream's events in revision order and names the first broken link, or returns
 * null when the whole chain holds.
 */
export function verifyChain(links: Iterable<ChainLink>): ChainBreak | null {
  let expectedRevision = 0;
  let previous: Buffer = Buffer.alloc(0);
  for (const link of links) {
    if (link.revision !== expectedRevision) {
      return { kind: 'revision-gap', streamId: link.streamId, revision: link.revision, expectedRevision };
    }
    const content = contentHash(link.content);
    if (link.previousHash !== previous.toString('hex')) {
      return { kind: 'link-broken', streamId: link.streamId, revision: link.revision, eventId: link.eventId };
    }
    const expected = linkHash(link.revision, previous, content);
    if (expected.toString('hex') !== link.hash) {
      return { kind: 'content-altered', streamId: link.streamId, revision: link.revision, eventId: link.eventId };
    }
    previous = expected;
    expectedRevision += 1;
  }
  return null;
}
