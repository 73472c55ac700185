import type { DecideCase, MeetingFacts, OpenCase, RecordConsent } from './channel-case.commands.js';
import type { CaseOpened, ChannelCaseEvent } from './channel-case.events.js';
import type { Personal } from './personal.js';

/** Test data told as events and commands. The envelopes are stand-ins: the decider never opens one. */
export const CASE_ID = '5c3d2b1a-8f7e-4a6b-9c5d-1e2f3a4b5c6d';
export const SUBJECT_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const MEETING_ID = 'a1b2c3d4-e5f6-4789-8abc-def012345678';
export const AREA = 'E09000002';
export const OTHER_AREA = 'E08000025';
export const NOW = new Date('2025-04-15T14:30:00.000Z');
export const AT = NOW.toISOString();

export function sealed<T = string>(label: string): Personal<T> {
  return { $pd: 1, s: SUBJECT_ID, iv: 'aXZpdml2aXZpdml2', ct: btoa(label), tag: 'dGFn' };
}

export function aMeeting(overrides: Partial<MeetingFacts> = {}): MeetingFacts {
  return {
    meetingId: MEETING_ID,
    area: AREA,
    date: '2025-04-15T14:00:00.000Z',
    quorate: true,
    cancelled: false,
    caseOnAgenda: true,
    ...overrides,
  };
}

export function anOpenCase(overrides: Partial<OpenCase> = {}): OpenCase {
  return {
    type: 'OpenCase',
    caseId: CASE_ID,
    origin: 'police-referral',
    referralId: CASE_ID,
    subjectId: SUBJECT_ID,
    area: AREA,
    region: 'E12000007',
    sector: 'education',
    concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
    ageAtReferral: 15,
    gender: 'male',
    referredAt: '2025-04-02T11:00:00.000Z',
    personalDetails: { name: sealed('name'), dateOfBirth: sealed('dob'), concern: sealed('concern') },
    ...overrides,
  };
}

export function aCaseOpened(overrides: Partial<CaseOpened['data']> = {}): CaseOpened {
  const { type: _type, ...command } = anOpenCase();
  return { type: 'CaseOpened', data: { ...command, openedAt: '2025-04-02T11:05:00.000Z', ...overrides } };
}

export function aCaseListed(meetingId = MEETING_ID): ChannelCaseEvent {
  return {
    type: 'CaseListedForMeeting',
    data: { caseId: CASE_ID, meetingId, meetingDate: '2025-04-15T14:00:00.000Z', listedAt: AT },
  };
}

export function aDecideCase(overrides: Partial<DecideCase> = {}): DecideCase {
  return {
    type: 'DecideCase',
    caseId: CASE_ID,
    meeting: aMeeting(),
    decision: { decision: 'adopt' },
    rationale: sealed('rationale'),
    ...overrides,
  };
}

export function aCaseAdopted(): ChannelCaseEvent[] {
  return [
    {
      type: 'CaseDiscussedAtPanel',
      data: { caseId: CASE_ID, meetingId: MEETING_ID, firstDiscussion: true, discussedAt: AT },
    },
    {
      type: 'CaseAdopted',
      data: { caseId: CASE_ID, meetingId: MEETING_ID, rationale: sealed('rationale'), adoptedAt: AT },
    },
  ];
}

export function aRecordConsent(overrides: Partial<RecordConsent> = {}): RecordConsent {
  return {
    type: 'RecordConsent',
    caseId: CASE_ID,
    outcome: 'given',
    givenBy: 'parent-or-guardian',
    consenter: sealed('mother'),
    subjectAgeOnDate: 15,
    consentedOn: '2025-04-20',
    method: 'in-person',
    ...overrides,
  };
}

export function aConsentGiven(): ChannelCaseEvent {
  return {
    type: 'ConsentRecorded',
    data: {
      caseId: CASE_ID,
      outcome: 'given',
      givenBy: 'parent-or-guardian',
      consenter: sealed('mother'),
      subjectAgeOnDate: 15,
      consentedOn: '2025-04-20',
      method: 'in-person',
      recordedAt: AT,
    },
  };
}

export function anInterventionPlanned(interventionId = 'int-1', providerId = 'provider-1'): ChannelCaseEvent {
  return {
    type: 'InterventionPlanned',
    data: {
      caseId: CASE_ID,
      interventionId,
      interventionType: { codeList: 'intervention-types-2024', code: 'ideological-mentoring' },
      ownerAgency: 'intervention-provider',
      providerId,
      startDate: '2025-05-01',
      description: sealed('mentoring'),
      plannedAt: AT,
    },
  };
}

export function anInterventionStarted(interventionId = 'int-1'): ChannelCaseEvent {
  return {
    type: 'InterventionStatusChanged',
    data: { caseId: CASE_ID, interventionId, from: 'planned', to: 'active', changedAt: AT },
  };
}

/** An adopted case, consent given, one mentoring intervention running. */
export function aSupportedCase(): ChannelCaseEvent[] {
  return [
    aCaseOpened(),
    aCaseListed(),
    ...aCaseAdopted(),
    aConsentGiven(),
    anInterventionPlanned(),
    anInterventionStarted(),
    {
      type: 'SupportStarted',
      data: {
        caseId: CASE_ID,
        interventionTypes: { codeList: 'intervention-types-2024', codes: ['ideological-mentoring'] },
        startedAt: AT,
      },
    },
  ];
}

export function aCaseClosed(exitedOn = '2025-11-30'): ChannelCaseEvent {
  return {
    type: 'CaseClosed',
    data: {
      caseId: CASE_ID,
      exitOutcome: 'no-further-terrorism-concerns',
      exitedOn,
      closingReport: sealed('report'),
      postExitReviews: [
        { review: '6-months', dueOn: '2026-05-30' },
        { review: '12-months', dueOn: '2026-11-30' },
      ],
      closedAt: AT,
    },
  };
}
