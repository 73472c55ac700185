import { describe, expect, it } from '@jest/globals';
import {
  canonicalJson,
  contentHash,
  linkHash,
  verifyChain,
  type ChainLink,
  type ChainedContent,
} from './hash-chain.js';

const content = (revision: number, data: unknown = { decision: 'adopted' }): ChainedContent => ({
  eventId: `00000000-0000-4000-8000-00000000000${revision}`,
  streamId: 'case-1',
  type: 'CaseAdopted',
  schemaVersion: 1,
  data,
  metadata: {
    actorId: 'u-1',
    actorRole: 'channel-chair',
    correlationId: 'c-1',
    recordedAt: '2025-03-01T10:00:00.000Z',
  },
});

function chain(contents: ChainedContent[]): ChainLink[] {
  let previous: Buffer = Buffer.alloc(0);
  return contents.map((item, revision) => {
    const hash = linkHash(revision, previous, contentHash(item));
    const link = {
      streamId: item.streamId,
      revision,
      eventId: item.eventId,
      content: item,
      hash: hash.toString('hex'),
      previousHash: previous.toString('hex'),
    };
    previous = hash;
    return link;
  });
}

describe('canonical JSON', () => {
  it('gives the same bytes whatever the key order, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('drops undefined properties as JSON does, and keeps strings exact', () => {
    expect(canonicalJson({ a: undefined, b: 'é"\n' })).toBe(JSON.stringify({ b: 'é"\n' }));
  });
});

describe('a stream hash chain', () => {
  it('verifies when nothing was touched', () => {
    expect(verifyChain(chain([content(0), content(1), content(2)]))).toBeNull();
  });

  it('names the event whose content was altered', () => {
    const links = chain([content(0), content(1), content(2)]);
    const altered = [links[0], { ...links[1], content: content(1, { decision: 'not-adopted' }) }, links[2]];
    expect(verifyChain(altered)).toEqual({
      kind: 'content-altered',
      streamId: 'case-1',
      revision: 1,
      eventId: links[1].eventId,
    });
  });

  it('names a missing revision', () => {
    const links = chain([content(0), content(1), content(2)]);
    expect(verifyChain([links[0], links[2]])).toEqual({
      kind: 'revision-gap',
      streamId: 'case-1',
      revision: 2,
      expectedRevision: 1,
    });
  });

  it('names a link whose previous hash does not match the event before it', () => {
    const links = chain([content(0), content(1)]);
    expect(verifyChain([links[0], { ...links[1], previousHash: 'ab'.repeat(32) }])).toEqual({
      kind: 'link-broken',
      streamId: 'case-1',
      revision: 1,
      eventId: links[1].eventId,
    });
  });

  it('is sensitive to the revision an event claims', () => {
    const [first] = chain([content(0)]);
    expect(linkHash(1, Buffer.alloc(0), contentHash(first.content)).toString('hex')).not.toBe(first.hash);
  });
});
