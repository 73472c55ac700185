import { createHash } from 'node:crypto';

/**
 * Optimistic concurrency and idempotent creation over HTTP, the same in every service (ADR 031):
 * the ETag is the stream's revision, If-Match names the revision the caller decided on, and an
 * Idempotency-Key becomes a name-based id so that a retried creation finds the first one.
 */

/** `W/"3"` for revision 3. */
export function etagOf(revision: number): string {
  return `W/"${revision}"`;
}

/** The revision named by an If-Match header (`W/"3"`, `"3"` or `3`); undefined when absent, NaN when unreadable. */
export function revisionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(ifMatch);
  return match ? Number(match[1]) : Number.NaN;
}

/** A name-based UUID (RFC 9562 v5, SHA-1) of `name` within `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
