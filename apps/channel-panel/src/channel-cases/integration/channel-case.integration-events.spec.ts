import { describe, expect, it } from '@jest/globals';
import { CASES_TOPIC, CaseReturnedToPoliceV1, integrationContracts } from '@lib/contracts';
import type { RecordedEvent } from '@lib/event-store';
import type { ChannelCaseEvent } from '../domain/channel-case.events.js';
import type { Personal } from '../domain/personal.js';
import {
  caseAreaOf,
  caseIntegrationEvents,
  needsCaseArea,
  type CaseMappingContext,
} from './channel-case.integration-events.js';

const registry = integrationContracts();

const CASE_ID = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';
const SUBJECT_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const MEETING_ID = 'a1b2c3d4-e5f6-4789-8abc-def012345678';
const AREA = 'E08000025';
const AT = '2025-04-15T14:30:00.000Z';

/** An envelope as the domain holds it; its ciphertext is the plain text in base64, so a leak is findable. */
const sealed = <T = string>(text: string): Personal<T> => ({
  $pd: 1,
  s: SUBJECT_ID,
  iv: 'aXY=',
  ct: Buffer.from(text).toString('base64'),
  tag: 'dGFn',
});

const opened = (origin: 'police-referral' | 'local-authority' = 'police-referral'): ChannelCaseEvent => ({
  type: 'CaseOpened',
  data: {
    caseId: CASE_ID,
    origin,
    ...(origin === 'police-referral' ? { referralId: CASE_ID } : {}),
    subjectId: SUBJECT_ID,
    area: AREA,
    region: 'E12000005',
    sector: 'education',
    concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
    ageAtReferral: 19,
    gender: 'male',
    referredAt: '2025-04-01T10:00:00.000Z',
    personalDetails: {
      name: sealed('Mohammed Khan'),
      dateOfBirth: sealed('2006-03-04'),
      address: sealed('1 High Street'),
      concern: sealed('shares extreme material'),
    },
    requestFingerprint: sealed('fingerprint'),
    openedAt: '2025-04-02T11:05:00.000Z',
  },
});

/** A domain event as the relay reads it from the store. */
function recorded(event: ChannelCaseEvent, revision = 1): RecordedEvent {
  return {
    ...event,
    eventId: '11111111-2222-4333-8444-555555555555',
    schemaVersion: 1,
    streamId: `channel-case-${CASE_ID}`,
    revision,
    globalPosition: { commit: 1n, prepare: BigInt(revision) },
    recordedAt: new Date(AT),
    actor: { id: 'chair-1', role: 'channel-chair' },
    correlationId: 'corr-1',
    hash: 'h',
    previousHash: '',
  } as RecordedEvent;
}

const context: CaseMappingContext = { area: AREA };

/** Maps one event; every message must be what its contract says, as published (unknown fields refused). */
const map = (event: ChannelCaseEvent, given: CaseMappingContext = context) => {
  const messages = caseIntegrationEvents(recorded(event), given);
  for (const message of messages) {
    expect(registry.validate(message.topic, message.type, message.version, message.payload)).toBeNull();
    expect(message.topic).toBe(CASES_TOPIC.name);
    expect(message.key).toBeUndefined(); // keyed by the case's stream: one case, one order
  }
  return messages;
};

/** Keys that would mean a person, their words, a professional or a consent detail on a statistical topic. */
const FORBIDDEN_KEYS = [
  'subjectId',
  'personalDetails',
  'name',
  'otherNames',
  'dateOfBirth',
  'address',
  'concern',
  'rationale',
  'riskView',
  'reason', // the panel's reasons in words; the contracts' `reason` is a code (checked by value below)
  'consenter',
  'givenBy',
  'method',
  'subjectAgeOnDate',
  'capacityConsideration',
  'description',
  'providerId',
  'ownerAgency',
  'notes',
  'progress',
  'closingReport',
  'summaryConclusion',
  'managementPlan',
  'whatChanged',
  'information',
  'partner',
  'request',
  'requestFingerprint',
  '$pd',
  'ct',
];

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const GSS = /^[EW][0-9]{8}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

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

/** Codes, GSS areas, UUIDs, dates, booleans and whole numbers: nothing else, at any depth. */
function expectStatisticalOnly(payload: unknown, allowedCodeKeys: readonly string[] = []): void {
  const { keys, leaves } = walk(payload);
  expect(keys.filter((key) => FORBIDDEN_KEYS.includes(key) && !allowedCodeKeys.includes(key))).toEqual([]);
  const notAStatistic = leaves.filter(
    (leaf) =>
      typeof leaf !== 'boolean' &&
      !(typeof leaf === 'number' && Number.isInteger(leaf)) &&
      !(
        typeof leaf === 'string' &&
        (CODE.test(leaf) || GSS.test(leaf) || UUID.test(leaf) || INSTANT.test(leaf) || DATE.test(leaf))
      ),
  );
  expect(notAStatistic).toEqual([]);
  // no envelope's ciphertext, whatever key it hides under
  expect(JSON.stringify(payload)).not.toMatch(/aXY=|dGFn/);
}

describe('the panel’s integration events (channel-panel.cases, contracts v1)', () => {
  it('CaseOpened from a police referral: the case, the referral, area and region — the profile is the referral’s', () => {
    const messages = map(opened(), {});
    expect(messages).toEqual([
      {
        topic: CASES_TOPIC.name,
        type: 'CaseOpened',
        version: 1,
        payload: {
          caseId: CASE_ID,
          origin: 'police-referral',
          referralId: CASE_ID,
          area: AREA,
          region: 'E12000005',
          openedAt: '2025-04-02T11:05:00.000Z',
        },
      },
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  it('CaseOpened by the local authority: its own statistical profile, since no ReferralReceived carries one', () => {
    const messages = map(opened('local-authority'), {});
    expect(messages[0].payload).toEqual({
      caseId: CASE_ID,
      origin: 'local-authority',
      area: AREA,
      region: 'E12000005',
      sector: 'education',
      concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
      ageAtReferral: 19,
      gender: 'male',
      openedAt: '2025-04-02T11:05:00.000Z',
    });
    expectStatisticalOnly(messages[0].payload);
  });

  it('CaseTransferred: from and to areas, never the reason', () => {
    const messages = map(
      {
        type: 'CaseTransferred',
        data: {
          caseId: CASE_ID,
          fromArea: AREA,
          toArea: 'E09000002',
          toRegion: 'E12000007',
          reason: sealed('moved in with an aunt'),
          transferredAt: AT,
        },
      },
      {},
    );
    expect(messages.map((m) => m.payload)).toEqual([
      { caseId: CASE_ID, area: AREA, toArea: 'E09000002', toRegion: 'E12000007', transferredAt: AT },
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  it('CaseDiscussedAtPanel: the meeting and whether it was the first discussion', () => {
    const messages = map({
      type: 'CaseDiscussedAtPanel',
      data: { caseId: CASE_ID, meetingId: MEETING_ID, firstDiscussion: true, discussedAt: AT },
    });
    expect(messages.map((m) => [m.type, m.payload])).toEqual([
      [
        'CaseDiscussedAtPanel',
        { caseId: CASE_ID, area: AREA, meetingId: MEETING_ID, firstDiscussion: true, discussedAt: AT },
      ],
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  it('CaseAdopted: the meeting and the time, never the rationale', () => {
    const messages = map({
      type: 'CaseAdopted',
      data: { caseId: CASE_ID, meetingId: MEETING_ID, rationale: sealed('vulnerable, engaged'), adoptedAt: AT },
    });
    expect(messages.map((m) => [m.type, m.payload])).toEqual([
      ['CaseAdopted', { caseId: CASE_ID, area: AREA, meetingId: MEETING_ID, adoptedAt: AT }],
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  describe('CaseNotAdopted: the outcome code, with the services when referred to others', () => {
    const notAdopted = (outcome: 'referred-to-other-services' | 'no-further-action' | 'returned-to-police') =>
      map({
        type: 'CaseNotAdopted',
        data: {
          caseId: CASE_ID,
          meetingId: MEETING_ID,
          outcome,
          ...(outcome === 'referred-to-other-services'
            ? { referredTo: { codeList: 'signposting-services-2024', codes: ['health-or-mental-health'] } }
            : {}),
          rationale: sealed('not proportionate'),
          decidedAt: AT,
        },
      });

    it('referred to other services names them', () => {
      const [message] = notAdopted('referred-to-other-services');
      expect(message.payload).toEqual({
        caseId: CASE_ID,
        area: AREA,
        meetingId: MEETING_ID,
        outcome: 'referred-to-other-services',
        referredTo: { codeList: 'signposting-services-2024', codes: ['health-or-mental-health'] },
        decidedAt: AT,
      });
      expectStatisticalOnly(message.payload);
    });

    it('no further action and returned to the police carry the outcome alone (the return is its own event)', () => {
      for (const outcome of ['no-further-action', 'returned-to-police'] as const) {
        const messages = notAdopted(outcome);
        expect(messages.map((m) => [m.type, (m.payload as { outcome: string }).outcome])).toEqual([
          ['CaseNotAdopted', outcome],
        ]);
        expect('referredTo' in (messages[0].payload as object)).toBe(false);
        expectStatisticalOnly(messages[0].payload);
      }
    });
  });

  it('ConsentRecorded: the outcome only — who, how, the person’s age and any capacity consideration stay', () => {
    for (const outcome of ['given', 'refused', 'withdrawn'] as const) {
      const messages = map({
        type: 'ConsentRecorded',
        data: {
          caseId: CASE_ID,
          outcome,
          givenBy: 'parent-or-guardian',
          consenter: sealed('Fatima Khan, mother'),
          subjectAgeOnDate: 15,
          consentedOn: '2025-04-20',
          method: 'in-person',
          capacityConsideration: sealed('none'),
          recordedAt: AT,
        },
      });
      expect(messages.map((m) => [m.type, m.payload])).toEqual([
        ['ConsentRecorded', { caseId: CASE_ID, area: AREA, outcome, recordedAt: AT }],
      ]);
      expectStatisticalOnly(messages[0].payload);
    }
  });

  it('SupportStarted: the intervention types as codes of their list', () => {
    const messages = map({
      type: 'SupportStarted',
      data: {
        caseId: CASE_ID,
        interventionTypes: { codeList: 'intervention-types-2024', codes: ['ideological-mentoring', 'life-skills'] },
        startedAt: AT,
      },
    });
    expect(messages.map((m) => m.payload)).toEqual([
      {
        caseId: CASE_ID,
        area: AREA,
        interventionTypes: { codeList: 'intervention-types-2024', codes: ['ideological-mentoring', 'life-skills'] },
        startedAt: AT,
      },
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  it('CaseClosed: the exit outcome and the day of exit, never the closing report or the schedule', () => {
    const messages = map({
      type: 'CaseClosed',
      data: {
        caseId: CASE_ID,
        exitOutcome: 'no-further-terrorism-concerns',
        exitedOn: '2025-11-28',
        closingReport: sealed('engaged well with the mentor'),
        postExitReviews: [
          { review: '6-months', dueOn: '2026-05-28' },
          { review: '12-months', dueOn: '2026-11-28' },
        ],
        closedAt: AT,
      },
    });
    expect(messages.map((m) => m.payload)).toEqual([
      {
        caseId: CASE_ID,
        area: AREA,
        exitOutcome: 'no-further-terrorism-concerns',
        exitedOn: '2025-11-28',
        closedAt: AT,
      },
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  describe('CaseReturnedToPolice: for the intake, with the panel’s reason code', () => {
    it('names the referral to reopen and the reason code, never the panel’s view of the risk', () => {
      const messages = map({
        type: 'CaseReturnedToPolice',
        data: {
          caseId: CASE_ID,
          referralId: CASE_ID,
          reason: 'consent-withdrawn',
          riskView: sealed('risk increasing, stopped engaging'),
          returnedAt: AT,
        },
      });
      expect(messages.map((m) => [m.type, m.payload])).toEqual([
        [
          'CaseReturnedToPolice',
          { caseId: CASE_ID, area: AREA, referralId: CASE_ID, reason: 'consent-withdrawn', returnedAt: AT },
        ],
      ]);
      expectStatisticalOnly(messages[0].payload, ['reason']);
      expect(CaseReturnedToPoliceV1.consumers).toContain('referral-intake');
    });

    it.each([
      ['not-adopted-police-led'],
      ['consent-refused'],
      ['risk-escalated'],
      ['concerns-remain-at-exit'],
    ] as const)('carries the reason %s as it is', (reason) => {
      const [message] = map({
        type: 'CaseReturnedToPolice',
        data: { caseId: CASE_ID, referralId: CASE_ID, reason, returnedAt: AT },
      });
      expect((message.payload as { reason: string }).reason).toBe(reason);
    });

    it('has no referral for a case the local authority opened itself', () => {
      const [message] = map({
        type: 'CaseReturnedToPolice',
        data: { caseId: CASE_ID, reason: 'risk-escalated', riskView: sealed('escalated'), returnedAt: AT },
      });
      expect(message.payload).toEqual({ caseId: CASE_ID, area: AREA, reason: 'risk-escalated', returnedAt: AT });
    });
  });

  it('PostExitReviewCompleted: which review, its outcome code and the day it was due, never the notes', () => {
    const messages = map({
      type: 'PostExitReviewCompleted',
      data: {
        caseId: CASE_ID,
        review: '12-months',
        outcome: 'no-further-concerns',
        dueOn: '2026-11-28',
        notes: sealed('settled at college'),
        completedAt: AT,
      },
    });
    expect(messages.map((m) => m.payload)).toEqual([
      {
        caseId: CASE_ID,
        area: AREA,
        review: '12-months',
        outcome: 'no-further-concerns',
        dueOn: '2026-11-28',
        completedAt: AT,
      },
    ]);
    expectStatisticalOnly(messages[0].payload);
  });

  it('the panel’s own work tells the others nothing: information sharing, listing, assessment, deferral, plan, sessions, reviews', () => {
    const own: ChannelCaseEvent[] = [
      {
        type: 'InformationRequested',
        data: {
          caseId: CASE_ID,
          requestId: 'school-1',
          partnerAgency: 'education',
          partner: sealed('Park School'),
          lawfulBasis: 'uk-gdpr-6-1-e-public-task',
          request: sealed('attendance'),
          requestedAt: AT,
        },
      },
      {
        type: 'CaseListedForMeeting',
        data: { caseId: CASE_ID, meetingId: MEETING_ID, meetingDate: AT, listedAt: AT },
      },
      {
        type: 'CaseDeferred',
        data: { caseId: CASE_ID, meetingId: MEETING_ID, rationale: sealed('more'), deferredAt: AT },
      },
      {
        type: 'InterventionPlanned',
        data: {
          caseId: CASE_ID,
          interventionId: 'mentoring-1',
          interventionType: { codeList: 'intervention-types-2024', code: 'ideological-mentoring' },
          ownerAgency: 'intervention-provider',
          providerId: 'provider-1',
          startDate: '2025-05-01',
          description: sealed('weekly mentoring'),
          plannedAt: AT,
        },
      },
      {
        type: 'InterventionSessionRecorded',
        data: {
          caseId: CASE_ID,
          interventionId: 'mentoring-1',
          sessionId: 's-1',
          sessionDate: '2025-05-08',
          attendance: 'attended',
          notes: sealed('good session'),
          recordedAt: AT,
        },
      },
      { type: 'SupportStopped', data: { caseId: CASE_ID, interventionIds: ['mentoring-1'], stoppedAt: AT } },
      {
        type: 'CaseReviewed',
        data: {
          caseId: CASE_ID,
          meetingId: MEETING_ID,
          reviewNumber: 1,
          progress: sealed('good'),
          riskNow: 'reduced',
          decision: 'continue-support',
          reviewedAt: AT,
        },
      },
    ];
    for (const event of own) {
      expect([event.type, map(event)]).toEqual([event.type, []]);
      expect(needsCaseArea(recorded(event))).toBe(false);
    }
  });

  it('needs the case’s area from its history for every published event but the opening and the transfer', () => {
    expect(needsCaseArea(recorded(opened()))).toBe(false);
    expect(
      needsCaseArea(
        recorded({
          type: 'CaseAdopted',
          data: { caseId: CASE_ID, meetingId: MEETING_ID, rationale: sealed('r'), adoptedAt: AT },
        }),
      ),
    ).toBe(true);
    expect(() =>
      caseIntegrationEvents(
        recorded({
          type: 'CaseAdopted',
          data: { caseId: CASE_ID, meetingId: MEETING_ID, rationale: sealed('r'), adoptedAt: AT },
        }),
      ),
    ).toThrow(/area was not given/);
  });

  it('the case’s area is where it was opened, then where it was transferred to', () => {
    const transferred: ChannelCaseEvent = {
      type: 'CaseTransferred',
      data: {
        caseId: CASE_ID,
        fromArea: AREA,
        toArea: 'E09000002',
        toRegion: 'E12000007',
        reason: sealed('moved'),
        transferredAt: AT,
      },
    };
    expect(caseAreaOf([])).toBeUndefined();
    expect(caseAreaOf([opened()])).toBe(AREA);
    expect(caseAreaOf([opened(), transferred])).toBe('E09000002');
  });

  it('the guarantee holds whatever a message is made of: a name where a code belongs is caught', () => {
    expect(() => expectStatisticalOnly({ caseId: CASE_ID, outcome: 'Mohammed Khan' })).toThrow();
    expect(() => expectStatisticalOnly({ caseId: CASE_ID, rationale: 'x' })).toThrow();
    expect(() => expectStatisticalOnly({ caseId: CASE_ID, outcome: sealed('x') })).toThrow();
  });
});
