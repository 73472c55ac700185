import { describe, expect, it } from '@jest/globals';
import { integrationContracts, REFERRALS_TOPIC } from '@lib/contracts';
import type { DomainEvent, RecordedEvent } from '@lib/event-store';
import type { SubjectEvent } from '../../subjects/domain/subject.events.js';
import {
  aDecisionSignedOff,
  aReferralClosedForInvestigation,
  aReferralDecided,
  aReferralDetailsCorrected,
  aReferralReceived,
  aReferralReopened,
  aReferralWithdrawn,
  AT,
  REFERRAL_ID,
  sealed,
  SUBJECT_ID,
} from '../domain/referral.builders.js';
import { evolve, initialState } from '../domain/referral.js';
import type { ReferralEvent } from '../domain/referral.events.js';
import { referralIntegrationEvents, subjectDetailsOf, type MappingContext } from './referral.integration-events.js';

const registry = integrationContracts();

/** A domain event as the relay reads it from the store. */
function recorded(event: DomainEvent, revision = 0): RecordedEvent {
  return {
    ...event,
    eventId: '11111111-2222-4333-8444-555555555555',
    schemaVersion: 1,
    streamId: `referral-${REFERRAL_ID}`,
    revision,
    globalPosition: { commit: 1n, prepare: BigInt(revision) },
    recordedAt: new Date(AT),
    actor: { id: 'officer-1', role: 'police-officer' },
    correlationId: 'corr-1',
    hash: 'h',
    previousHash: '',
  } as RecordedEvent;
}

const map = (event: DomainEvent, context?: MappingContext) => {
  const messages = referralIntegrationEvents(recorded(event), context);
  // every message is what its contract says, as published (unknown fields refused)
  for (const message of messages) {
    expect(registry.validate(message.topic, message.type, message.version, message.payload)).toBeNull();
    expect(message.topic).toBe(REFERRALS_TOPIC.name);
  }
  return messages;
};

/** Keys that would mean a person, their words or an officer on a statistical topic. */
const FORBIDDEN_KEYS = [
  'subjectId',
  'name',
  'otherNames',
  'givenNames',
  'familyName',
  'dateOfBirth',
  'address',
  'lines',
  'postcode',
  'phone',
  'email',
  'referrer',
  'concern',
  'description',
  'rationale',
  'explanation',
  'information',
  'partner',
  'notes',
  'summary',
  'comment',
  'decidedBy',
  'officerId',
  'requestFingerprint',
  '$pd',
  'ct',
];

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const GSS = /^[EW][0-9]{8}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Every key at every depth, and every leaf value. */
function walk(value: unknown, keys: string[] = [], leaves: unknown[] = []): { keys: string[]; leaves: unknown[] } {
  if (Array.isArray(value)) value.forEach((item) => walk(item, keys, leaves));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      keys.push(key);
      walk(item, keys, leaves);
    }
  } else leaves.push(value);
  return { keys, leaves };
}

function expectStatisticalOnly(payload: unknown): void {
  const { keys, leaves } = walk(payload);
  expect(keys.filter((key) => FORBIDDEN_KEYS.includes(key))).toEqual([]);
  const notACode = leaves.filter(
    (leaf) =>
      !(typeof leaf === 'number' && Number.isInteger(leaf)) &&
      !(typeof leaf === 'string' && (CODE.test(leaf) || GSS.test(leaf) || UUID.test(leaf) || INSTANT.test(leaf))),
  );
  expect(notACode).toEqual([]);
}

describe('the intake’s integration events (contracts v1)', () => {
  it('ReferralReceived: the statistical profile only — no referrer, no concern, no subject', () => {
    const messages = map(aReferralReceived());
    expect(messages).toEqual([
      {
        topic: REFERRALS_TOPIC.name,
        type: 'ReferralReceived',
        version: 1,
        payload: {
          referralId: REFERRAL_ID,
          area: 'E08000025',
          region: 'E12000005',
          sector: 'education',
          concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
          ageAtReferral: 15,
          gender: 'male',
          receivedAt: AT,
        },
      },
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  describe('age at referral, derived from the date of birth when the event has none', () => {
    const receivedOn = (day: string, dateOfBirth: string) =>
      map(aReferralReceived({ ageAtReferral: undefined, receivedAt: `${day}T10:00:00.000Z` }), { dateOfBirth })[0]
        .payload as { ageAtReferral?: number };

    it('is a year less the day before the birthday', () => {
      expect(receivedOn('2025-03-03', '2008-03-04').ageAtReferral).toBe(16);
    });
    it('counts the year on the birthday and after it', () => {
      expect(receivedOn('2025-03-04', '2008-03-04').ageAtReferral).toBe(17);
      expect(receivedOn('2025-11-30', '2008-03-04').ageAtReferral).toBe(17);
    });
    it('for a birthday on 29 February, counts the year on 1 March', () => {
      expect(receivedOn('2025-02-28', '2008-02-29').ageAtReferral).toBe(16);
      expect(receivedOn('2025-03-01', '2008-02-29').ageAtReferral).toBe(17);
    });
    it('is absent when the date of birth is not known, never a guess', () => {
      const payload = map(aReferralReceived({ ageAtReferral: undefined }))[0].payload as Record<string, unknown>;
      expect('ageAtReferral' in payload).toBe(false);
    });
    it('keeps the age the referral recorded over a date of birth corrected later', () => {
      expect(
        (map(aReferralReceived(), { dateOfBirth: '2000-01-01' })[0].payload as { ageAtReferral: number }).ageAtReferral,
      ).toBe(15);
    });
  });

  it('ReferralDecided: outcome, decision number and codes — the rationale and the officer stay', () => {
    const messages = map(
      aReferralDecided({
        outcome: 'signposted',
        signpostedTo: { codeList: 'signposting-services-2024', codes: ['early-help'] },
        mashReferral: true,
      }),
    );
    expect(messages.map((m) => m.payload)).toEqual([
      {
        referralId: REFERRAL_ID,
        outcome: 'signposted',
        decisionNumber: 1,
        signpostedTo: { codeList: 'signposting-services-2024', codes: ['early-help'] },
        decidedAt: AT,
      },
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  it('closing for a counter-terrorism investigation is a decision too, with no detail of it', () => {
    const messages = map(aReferralClosedForInvestigation(2));
    expect(messages.map((m) => [m.type, m.payload])).toEqual([
      [
        'ReferralDecided',
        {
          referralId: REFERRAL_ID,
          outcome: 'closed-counter-terrorism-investigation',
          decisionNumber: 2,
          decidedAt: AT,
        },
      ],
    ]);
  });

  describe('referred to Channel', () => {
    const received = aReferralReceived();
    const before = [received as ReferralEvent].reduce(evolve, initialState());
    const subjectHistory: SubjectEvent[] = [
      {
        type: 'SubjectRegistered',
        data: {
          subjectId: SUBJECT_ID,
          area: 'E08000025',
          gender: 'male',
          details: {
            name: sealed('Mohammed Khan'),
            dateOfBirth: sealed('2008-03-04'),
            address: sealed('1 High Street'),
            ethnicity: sealed('not for the panel topic'),
          },
          registeredAt: AT,
        },
      },
      {
        type: 'SubjectDetailsCorrected',
        data: {
          subjectId: SUBJECT_ID,
          details: { address: sealed('2 Low Road') },
          changedFields: ['address'],
          reason: sealed('moved'),
          correctedAt: AT,
        },
      },
    ];
    const context: MappingContext = {
      before,
      received: received.data,
      subjectDetails: subjectDetailsOf(subjectHistory),
    };
    const decided = aReferralDecided({ outcome: 'referred-to-channel', channelArea: 'E08000026' });

    it('publishes the decision for reporting and the referral for the panel', () => {
      expect(map(decided, context).map((m) => m.type)).toEqual(['ReferralDecided', 'ReferredToChannel']);
      expectStatisticalOnly(map(decided, context)[0].payload);
    });

    it('carries the details the panel needs as the envelopes they are, under the subject’s key, and nothing else', () => {
      const payload = map(decided, context)[1].payload as Record<string, unknown>;
      expect(payload).toMatchObject({
        referralId: REFERRAL_ID,
        subjectId: SUBJECT_ID,
        area: 'E08000026',
        ageAtReferral: 15,
        referredAt: AT,
        personalDetails: {
          name: sealed('Mohammed Khan'),
          dateOfBirth: sealed('2008-03-04'),
          address: sealed('2 Low Road'),
          concern: received.data.concern,
        },
      });
      const details = payload.personalDetails as Record<string, { $pd: number; s: string }>;
      expect(Object.keys(details).sort()).toEqual(['address', 'concern', 'dateOfBirth', 'name']);
      expect(Object.values(details).every((envelope) => envelope.$pd === 1 && envelope.s === SUBJECT_ID)).toBe(true);
      // nothing in clear: the plain text never reaches the payload
      expect(JSON.stringify(payload)).not.toMatch(/Mohammed|High Street|Low Road|2008-03-04|ethnicity/);
    });

    it('refuses to publish a referral to Channel without the referral’s history or the subject', () => {
      expect(() => referralIntegrationEvents(recorded(decided))).toThrow(/history was not given/);
      expect(() => referralIntegrationEvents(recorded(decided), { before, received: received.data })).toThrow(
        /subject's name and the concern are needed/,
      );
    });
  });

  it('ReferralDetailsCorrected: only the changed statistical fields, without the reason', () => {
    const messages = map(aReferralDetailsCorrected({ ageAtReferral: 16, sector: 'health' }));
    expect(messages.map((m) => m.payload)).toEqual([
      { referralId: REFERRAL_ID, sector: 'health', ageAtReferral: 16, correctedAt: AT },
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  it('ReferralWithdrawn: the reason code, never the explanation', () => {
    const messages = map(aReferralWithdrawn());
    expect(messages.map((m) => m.payload)).toEqual([{ referralId: REFERRAL_ID, reason: 'duplicate', withdrawnAt: AT }]);
    expectStatisticalOnly(messages[0].payload);
  });

  it('the intake’s own work (acknowledged, signed off, reopened) and the subject’s corrections tell the others nothing', () => {
    expect(map(aDecisionSignedOff())).toEqual([]);
    expect(map(aReferralReopened())).toEqual([]);
    expect(
      map({
        type: 'SubjectDetailsCorrected',
        data: { subjectId: SUBJECT_ID, details: {}, changedFields: ['name'], reason: sealed('typo'), correctedAt: AT },
      }),
    ).toEqual([]);
  });

  it('the guarantee holds whatever a statistical message is made of: a name where a code belongs is caught', () => {
    expect(() => expectStatisticalOnly({ referralId: REFERRAL_ID, sector: 'Mohammed Khan' })).toThrow();
    expect(() => expectStatisticalOnly({ referralId: REFERRAL_ID, rationale: 'x' })).toThrow();
  });
});
