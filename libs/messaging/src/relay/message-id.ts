import { createHash } from 'node:crypto';

/** Namespace of the name-based ids of integration messages (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1f2d0a8c3b4e6f9a7d5c4b3a291807', 'hex');

/**
 * The id of the integration message a relay publishes for one domain event as one contract
 * version: a name-based UUID (RFC 9562 version 5) of the domain event id, the contract type and
 * the version. A relay that publishes again after a crash gives the message the same id, so the
 * consumers' inboxes recognise it; v1 and v2 of the same event during a migration get two ids.
 */
export function integrationMessageId(domainEventId: string, type: string, version: number): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${domainEventId}/${type}/v${version}`, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
