import { ENGAGEMENT_INTENT_CAPABILITY_V1 } from '../../assessment-templates/engagement-intent-capability.template.js';
import type { Personal } from './personal.js';
import type {
  AcknowledgeReferral,
  AssignOfficer,
  CorrectReferralDetails,
  DecideReferral,
  LinkReferralToSubject,
  ReceiveReferral,
  RecordDeconfliction,
  RecordGatewayAssessment,
  RecordInformationReceived,
  ReopenReferral,
  RequestInformation,
  SignOffDecision,
  WithdrawReferral,
} from './referral.commands.js';
import type {
  DecisionSignedOff,
  DeconflictionCleared,
  GatewayAssessmentRecorded,
  InformationReceived,
  InformationRequested,
  ReferralAcknowledged,
  ReferralAssigned,
  ReferralClosedForInvestigation,
  ReferralDecided,
  ReferralDetailsCorrected,
  ReferralReceived,
  ReferralReopened,
  ReferralWithdrawn,
} from './referral.events.js';

/**
 * Test data told as events and commands. Personal values are stand-in envelopes (the decider
 * never opens them): `sealed('text')` carries the text so a test can tell two values apart.
 */
export const REFERRAL_ID = '6f1c0d7e-2b4a-4c8e-9f3a-1d2e3f4a5b6c';
export const SUBJECT_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const OFFICER = { id: 'officer-1', role: 'police-officer' } as const;
export const SUPERVISOR = { id: 'supervisor-1', role: 'police-supervisor' } as const;
export const NOW = new Date('2025-03-03T10:00:00.000Z');
export const AT = NOW.toISOString();

export function sealed<T = string>(text: string, subjectId = SUBJECT_ID): Personal<T> {
  return { $pd: 1, s: subjectId, iv: 'aXY=', ct: Buffer.from(text).toString('base64'), tag: 'dGFn' };
}

const profile = {
  area: 'E08000025',
  region: 'E12000005',
  sector: 'education',
  concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
  gender: 'male',
  ageAtReferral: 15,
} as const;

export function aReferralReceived(overrides: Partial<ReferralReceived['data']> = {}): ReferralReceived {
  return {
    type: 'ReferralReceived',
    data: {
      referralId: REFERRAL_ID,
      subjectId: SUBJECT_ID,
      receivedVia: 'police',
      ...profile,
      concernTypes: { ...profile.concernTypes, codes: [...profile.concernTypes.codes] },
      subjectAware: 'no',
      referrer: sealed('referrer'),
      concern: sealed('concern'),
      receivedAt: AT,
      ...overrides,
    },
  };
}

export function aReceiveReferral(overrides: Partial<ReceiveReferral> = {}): ReceiveReferral {
  return {
    type: 'ReceiveReferral',
    referralId: REFERRAL_ID,
    subjectId: SUBJECT_ID,
    receivedVia: 'police',
    ...profile,
    concernTypes: { ...profile.concernTypes, codes: [...profile.concernTypes.codes] },
    subjectAware: 'no',
    referrer: sealed('referrer'),
    concern: sealed('concern'),
    ...overrides,
  };
}

export const aReferralAcknowledged = (): ReferralAcknowledged => ({
  type: 'ReferralAcknowledged',
  data: { referralId: REFERRAL_ID, acknowledgedAt: AT },
});
export const anAcknowledgeReferral = (): AcknowledgeReferral => ({
  type: 'AcknowledgeReferral',
  referralId: REFERRAL_ID,
});

export const aReferralAssigned = (officerId: string = OFFICER.id): ReferralAssigned => ({
  type: 'ReferralAssigned',
  data: { referralId: REFERRAL_ID, officerId, assignedAt: AT },
});
export const anAssignOfficer = (officerId: string = OFFICER.id): AssignOfficer => ({
  type: 'AssignOfficer',
  referralId: REFERRAL_ID,
  officerId,
});

export const aDeconflictionCleared = (): DeconflictionCleared => ({
  type: 'DeconflictionCleared',
  data: { referralId: REFERRAL_ID, checkedAt: AT },
});
export const aRecordDeconfliction = (result: RecordDeconfliction['result'] = 'clear'): RecordDeconfliction => ({
  type: 'RecordDeconfliction',
  referralId: REFERRAL_ID,
  result,
});
export const aReferralClosedForInvestigation = (decisionNumber = 1): ReferralClosedForInvestigation => ({
  type: 'ReferralClosedForInvestigation',
  data: { referralId: REFERRAL_ID, outcome: 'closed-counter-terrorism-investigation', decisionNumber, closedAt: AT },
});

export const anInformationRequested = (requestId = 'request-1'): InformationRequested => ({
  type: 'InformationRequested',
  data: {
    referralId: REFERRAL_ID,
    requestId,
    partnerSector: 'education',
    partner: sealed('school'),
    lawfulBasis: 'uk-gdpr-6-1-e-public-task',
    request: sealed('attendance and behaviour'),
    requestedAt: AT,
  },
});
export const aRequestInformation = (requestId = 'request-1'): RequestInformation => ({
  type: 'RequestInformation',
  referralId: REFERRAL_ID,
  requestId,
  partnerSector: 'education',
  partner: sealed('school'),
  lawfulBasis: 'uk-gdpr-6-1-e-public-task',
  request: sealed('attendance and behaviour'),
});
export const anInformationReceived = (requestId = 'request-1'): InformationReceived => ({
  type: 'InformationReceived',
  data: {
    referralId: REFERRAL_ID,
    requestId,
    lawfulBasis: 'uk-gdpr-9-2-g-substantial-public-interest',
    information: sealed('reply'),
    receivedAt: AT,
  },
});
export const aRecordInformationReceived = (requestId = 'request-1'): RecordInformationReceived => ({
  type: 'RecordInformationReceived',
  referralId: REFERRAL_ID,
  requestId,
  lawfulBasis: 'uk-gdpr-9-2-g-substantial-public-interest',
  information: sealed('reply'),
});

const answers = [
  { dimension: 'engagement', rating: 'medium', notes: sealed('engagement notes') },
  { dimension: 'intent', rating: 'low', notes: sealed('intent notes') },
  { dimension: 'capability', rating: 'low', notes: sealed('capability notes') },
];
export const aGatewayAssessmentRecorded = (): GatewayAssessmentRecorded => ({
  type: 'GatewayAssessmentRecorded',
  data: {
    referralId: REFERRAL_ID,
    templateId: ENGAGEMENT_INTENT_CAPABILITY_V1.id,
    templateVersion: ENGAGEMENT_INTENT_CAPABILITY_V1.version,
    answers,
    summary: sealed('summary'),
    assessedAt: AT,
  },
});
export const aRecordGatewayAssessment = (
  overrides: Partial<RecordGatewayAssessment> = {},
): RecordGatewayAssessment => ({
  type: 'RecordGatewayAssessment',
  referralId: REFERRAL_ID,
  template: ENGAGEMENT_INTENT_CAPABILITY_V1,
  answers,
  summary: sealed('summary'),
  ...overrides,
});

export const aDecideReferral = (overrides: Partial<DecideReferral> = {}): DecideReferral => ({
  type: 'DecideReferral',
  referralId: REFERRAL_ID,
  outcome: 'no-further-action',
  decidedBy: OFFICER,
  rationale: sealed('rationale'),
  ...overrides,
});
export const aReferralDecided = (overrides: Partial<ReferralDecided['data']> = {}): ReferralDecided => ({
  type: 'ReferralDecided',
  data: {
    referralId: REFERRAL_ID,
    decisionNumber: 1,
    outcome: 'no-further-action',
    decidedBy: OFFICER.id,
    rationale: sealed('rationale'),
    decidedAt: AT,
    ...overrides,
  },
});

export const aSignOffDecision = (supervisor: SignOffDecision['supervisor'] = SUPERVISOR): SignOffDecision => ({
  type: 'SignOffDecision',
  referralId: REFERRAL_ID,
  supervisor,
});
export const aDecisionSignedOff = (decisionNumber = 1): DecisionSignedOff => ({
  type: 'DecisionSignedOff',
  data: { referralId: REFERRAL_ID, decisionNumber, supervisorId: SUPERVISOR.id, signedOffAt: AT },
});

export const CASE_ID = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';
export const aReopenReferral = (caseId = CASE_ID): ReopenReferral => ({
  type: 'ReopenReferral',
  referralId: REFERRAL_ID,
  caseId,
  returnReason: 'consent-refused',
});
export const aReferralReopened = (caseId = CASE_ID): ReferralReopened => ({
  type: 'ReferralReopened',
  data: { referralId: REFERRAL_ID, caseId, returnReason: 'consent-refused', reopenedAt: AT },
});

export const aCorrectReferralDetails = (overrides: Partial<CorrectReferralDetails> = {}): CorrectReferralDetails => ({
  type: 'CorrectReferralDetails',
  referralId: REFERRAL_ID,
  reason: sealed('date of birth mistyped'),
  ...overrides,
});
export const aReferralDetailsCorrected = (
  changes: Omit<Partial<ReferralDetailsCorrected['data']>, 'referralId'>,
): ReferralDetailsCorrected => ({
  type: 'ReferralDetailsCorrected',
  data: { referralId: REFERRAL_ID, reason: sealed('date of birth mistyped'), correctedAt: AT, ...changes },
});

export const aLinkReferralToSubject = (subjectId: string): LinkReferralToSubject => ({
  type: 'LinkReferralToSubject',
  referralId: REFERRAL_ID,
  subjectId,
});

export const aWithdrawReferral = (): WithdrawReferral => ({
  type: 'WithdrawReferral',
  referralId: REFERRAL_ID,
  reason: 'duplicate',
  explanation: sealed('keyed in twice'),
});
export const aReferralWithdrawn = (): ReferralWithdrawn => ({
  type: 'ReferralWithdrawn',
  data: { referralId: REFERRAL_ID, reason: 'duplicate', explanation: sealed('keyed in twice'), withdrawnAt: AT },
});

/** A referral triaged and ready for a decision. */
export const aTriagedReferral = () => [
  aReferralReceived(),
  aReferralAcknowledged(),
  aReferralAssigned(),
  aDeconflictionCleared(),
  aGatewayAssessmentRecorded(),
];
