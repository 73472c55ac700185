import { describe, expect, it } from '@jest/globals';
import { InvalidAppendError } from '../event-store.errors.js';
import { verifyChain } from '../hash-chain.js';
import {
  categoryPrefixes,
  chainNewEvents,
  checkpointStreamName,
  decodeMetadata,
  encodeMetadata,
  findRecordedRun,
  fromKurrentRevision,
  isAfter,
  isSystemEvent,
  MalformedKurrentMetadataError,
  matchesCategories,
  positionFromJson,
  positionToJson,
  satisfiesExpectedRevision,
  storedMetadataOf,
  toKurrentExpectedRevision,
  type KurrentEventMetadata,
} from './kurrentdb-mapping.js';

const context = {
  actor: { id: 'officer-7', role: 'police-officer' },
  correlationId: 'corr-1',
  reason: 'initial referral',
};

describe('expected revision mapping', () => {
  it.each([
    ['any', 'no_stream', true],
    ['any', 4, true],
    ['no_stream', 'no_stream', true],
    ['no_stream', 0, false],
    ['stream_exists', 'no_stream', false],
    ['stream_exists', 0, true],
    [3, 3, true],
    [3, 4, false],
    [0, 'no_stream', false],
  ] as const)('expected %p against actual %p holds: %p', (expected, actual, holds) => {
    expect(satisfiesExpectedRevision(expected, actual)).toBe(holds);
  });

  it('appends with the exact revision just read', () => {
    expect(toKurrentExpectedRevision('no_stream')).toBe('no_stream');
    expect(toKurrentExpectedRevision(0)).toBe(0n);
    expect(toKurrentExpectedRevision(41)).toBe(41n);
  });

  it("reads the client's current revision back as a port revision", () => {
    expect(fromKurrentRevision(7n)).toBe(7);
    expect(fromKurrentRevision('no_stream')).toBe('no_stream');
    expect(fromKurrentRevision(undefined)).toBe('no_stream');
  });
});

describe('metadata', () => {
  const metadata: KurrentEventMetadata = {
    schemaVersion: 2,
    actorId: 'officer-7',
    actorRole: 'police-officer',
    correlationId: 'corr-1',
    causationId: 'evt-0',
    reason: 'why',
    recordedAt: '2024-05-01T10:00:00.000Z',
    hash: 'ab'.repeat(32),
    previousHash: '',
  };

  it('round-trips through JSON, as objects, strings and bytes', () => {
    const encoded = encodeMetadata(metadata);
    expect(decodeMetadata(encoded)).toEqual(metadata);
    expect(decodeMetadata(JSON.stringify(encoded))).toEqual(metadata);
    expect(decodeMetadata(Buffer.from(JSON.stringify(encoded)))).toEqual(metadata);
  });

  it("carries KurrentDB's own correlation and causation keys, which the hash does not cover", () => {
    const encoded = encodeMetadata(metadata);
    expect(encoded.$correlationId).toBe('corr-1');
    expect(encoded.$causationId).toBe('evt-0');
    expect(storedMetadataOf(decodeMetadata(encoded))).toEqual({
      actorId: 'officer-7',
      actorRole: 'police-officer',
      correlationId: 'corr-1',
      causationId: 'evt-0',
      reason: 'why',
      recordedAt: '2024-05-01T10:00:00.000Z',
    });
  });

  it('leaves optional fields out rather than writing them empty', () => {
    const { reason: _reason, causationId: _causationId, ...required } = metadata;
    const encoded = encodeMetadata(required);
    expect(Object.keys(encoded)).not.toContain('reason');
    expect(Object.keys(encoded)).not.toContain('$causationId');
    expect(decodeMetadata(encoded)).toEqual(required);
  });

  it('refuses metadata the adapter did not write', () => {
    expect(() => decodeMetadata({ actorId: 'x' })).toThrow(MalformedKurrentMetadataError);
    expect(() => decodeMetadata('not json')).toThrow(MalformedKurrentMetadataError);
    expect(() => decodeMetadata(undefined)).toThrow(MalformedKurrentMetadataError);
    expect(() => decodeMetadata({ ...encodeMetadata(metadata), schemaVersion: 0 })).toThrow(/schemaVersion/);
  });
});

describe('positions', () => {
  it('after is exclusive', () => {
    const at = { commit: 10n, prepare: 10n };
    expect(isAfter(at, undefined)).toBe(true);
    expect(isAfter(at, null)).toBe(true);
    expect(isAfter(at, at)).toBe(false);
    expect(isAfter(at, { commit: 10n, prepare: 9n })).toBe(true);
    expect(isAfter(at, { commit: 11n, prepare: 0n })).toBe(false);
    expect(isAfter({ commit: 12n, prepare: 11n }, at)).toBe(true);
  });

  it('checkpoints round-trip through JSON beyond the safe integer range', () => {
    const position = { commit: 2n ** 60n + 1n, prepare: 2n ** 60n };
    expect(positionFromJson(JSON.parse(JSON.stringify(positionToJson(position))))).toEqual(position);
    expect(positionFromJson({ commit: 1, prepare: 1 })).toBeNull();
    expect(positionFromJson('garbage')).toBeNull();
  });
});

describe('categories and system streams', () => {
  it('filters on the category with and without the dash', () => {
    expect(categoryPrefixes(['referral', 'case'])).toEqual(['referral-', 'referral', 'case-', 'case']);
  });

  it('rejects longer categories that share a prefix', () => {
    expect(matchesCategories('referral-1', ['referral'])).toBe(true);
    expect(matchesCategories('referral', ['referral'])).toBe(true);
    expect(matchesCategories('referrals-1', ['referral'])).toBe(false);
    expect(matchesCategories('anything-1', undefined)).toBe(true);
    expect(matchesCategories('anything-1', [])).toBe(true);
  });

  it("recognises KurrentDB's own events", () => {
    expect(isSystemEvent('$stats-127.0.0.1:2113', 'x')).toBe(true);
    expect(isSystemEvent('referral-1', '$>')).toBe(true);
    expect(isSystemEvent('$$referral-1', '$metadata')).toBe(true);
    expect(isSystemEvent('referral-1', 'ReferralReceived')).toBe(false);
  });

  it('names checkpoint streams after the subscription', () => {
    expect(checkpointStreamName('checkpoint', 'case-list')).toBe('checkpoint-case-list');
  });
});

describe('chaining new events', () => {
  const recordedAt = new Date('2024-05-01T10:00:00.000Z');

  it('produces links the verifier accepts, continuing an existing chain', () => {
    const first = chainNewEvents({
      streamId: 'referral-1',
      events: [{ type: 'ReferralReceived', data: { at: new Date('2024-04-30T00:00:00Z'), note: undefined } }],
      firstRevision: 0,
      previousHash: '',
      context,
      recordedAt,
    });
    const second = chainNewEvents({
      streamId: 'referral-1',
      events: [
        { type: 'ReferralTriaged', data: { outcome: 'gateway' }, schemaVersion: 3 },
        { type: 'ReferralClosed', data: { code: 'NFA' }, eventId: '0b6f8a40-6f0e-4a43-9d4c-2f6fb3d0f6a1' },
      ],
      firstRevision: 1,
      previousHash: first[0].hash,
      context,
      recordedAt,
    });
    const links = [...first, ...second].map((event, revision) => {
      const metadata = decodeMetadata(event.metadata);
      return {
        streamId: 'referral-1',
        revision,
        eventId: event.id,
        hash: metadata.hash,
        previousHash: metadata.previousHash,
        content: {
          eventId: event.id,
          streamId: 'referral-1',
          type: event.type,
          schemaVersion: metadata.schemaVersion,
          // As KurrentDB hands it back: JSON.
          data: JSON.parse(JSON.stringify(event.data)),
          metadata: storedMetadataOf(metadata),
        },
      };
    });
    expect(verifyChain(links)).toBeNull();
    expect(second[1].id).toBe('0b6f8a40-6f0e-4a43-9d4c-2f6fb3d0f6a1');
    expect(decodeMetadata(second[0].metadata).schemaVersion).toBe(3);
    expect(decodeMetadata(first[0].metadata)).toMatchObject({ previousHash: '', recordedAt: recordedAt.toISOString() });
  });

  it('refuses what KurrentDB would refuse or the hash chain cannot carry', () => {
    const base = { firstRevision: 0, previousHash: '', context, recordedAt };
    const append = (streamId: string, events: Parameters<typeof chainNewEvents>[0]['events']) =>
      chainNewEvents({ ...base, streamId, events });
    expect(() => append('referral-1', [])).toThrow(InvalidAppendError);
    expect(() => append('$referral-1', [{ type: 'A', data: {} }])).toThrow(InvalidAppendError);
    expect(() => append('referral-1', [{ type: 'A', data: {}, eventId: 'not-a-uuid' }])).toThrow(InvalidAppendError);
    expect(() => append('referral-1', [{ type: '$A', data: {} }])).toThrow(InvalidAppendError);
    expect(() => append('referral-1', [{ type: 'A', data: {}, schemaVersion: 0 }])).toThrow(InvalidAppendError);
    expect(() => append('referral-1', [{ type: 'A', data: 42 }])).toThrow(InvalidAppendError);
    const twice = '0b6f8a40-6f0e-4a43-9d4c-2f6fb3d0f6a1';
    expect(() =>
      append('referral-1', [
        { type: 'A', data: {}, eventId: twice },
        { type: 'B', data: {}, eventId: twice.toUpperCase() },
      ]),
    ).toThrow(/twice/);
  });
});

describe('recognising a retried append', () => {
  const [a, b, c] = [
    'aaaaaaaa-0000-4000-8000-000000000001',
    'bbbbbbbb-0000-4000-8000-000000000002',
    'cccccccc-0000-4000-8000-000000000003',
  ];
  const named = (...eventIds: string[]) => eventIds.map((eventId) => ({ type: 'A', data: {}, eventId }));

  it('acknowledges ids already recorded one after the other, in order', () => {
    expect(findRecordedRun(named(b, c), [a, b, c])).toEqual({ kind: 'all', lastRevision: 2 });
    expect(findRecordedRun(named(a), [a, b, c])).toEqual({ kind: 'all', lastRevision: 0 });
  });

  it('refuses a batch that reuses only some recorded ids, or reorders them', () => {
    expect(findRecordedRun(named(c, b), [a, b, c])).toEqual({ kind: 'some' });
    expect(findRecordedRun(named(a, 'dddddddd-0000-4000-8000-000000000004'), [a, b])).toEqual({ kind: 'some' });
    expect(findRecordedRun([{ type: 'A', data: {} }, ...named(a)], [a])).toEqual({ kind: 'some' });
  });

  it('finds nothing for new ids or unnamed events', () => {
    expect(findRecordedRun(named('dddddddd-0000-4000-8000-000000000004'), [a, b])).toEqual({ kind: 'none' });
    expect(findRecordedRun([{ type: 'A', data: {} }], [a, b])).toEqual({ kind: 'none' });
  });
});
