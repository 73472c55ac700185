import {
  CASE_ORIGINS,
  CONSENT_OUTCOMES,
  EXIT_OUTCOMES,
  NOT_ADOPTED_OUTCOMES,
  POST_EXIT_REVIEWS,
  POST_EXIT_REVIEW_OUTCOMES,
  RETURN_TO_POLICE_REASONS,
  ageAtReferralSchema,
  areaSchema,
  codedValuesSchema,
  dateSchema,
  enumSchema,
  genderSchema,
  idSchema,
  instantSchema,
  regionSchema,
  sectorSchema,
  type CaseOrigin,
  type CodedValues,
  type ConsentOutcome,
  type ExitOutcome,
  type Gender,
  type NotAdoptedOutcome,
  type PostExitReview,
  type PostExitReviewOutcome,
  type Region,
  type ReturnToPoliceReason,
  type Sector,
} from '../code-lists.js';
import { defineContract, type IntegrationContract, type TopicDefinition } from '../contract.js';

/**
 * What the Channel panel service tells the other contexts about cases. Keyed by the case's
 * stream id. Statistical fields only (ADR 026): the panel's rationales, minutes, consent details
 * and support plans stay in the panel service.
 */
export const CASES_TOPIC: TopicDefinition = {
  name: 'channel-panel.cases',
  publisher: 'channel-panel',
  description:
    'The life of a Channel case: opened, transferred, discussed at panel, adopted or not, consent, support, exit, ' +
    'post-exit reviews, and cases returned to the police. Keyed by case stream id. No personal data.',
};

const topic = CASES_TOPIC.name;

/** Every panel contract names the case and the area whose panel holds it when the event happened. */
const caseFields = { caseId: idSchema, area: areaSchema };

export interface CaseOpenedV1 {
  readonly caseId: string;
  readonly origin: CaseOrigin;
  /** With origin `police-referral`: the referral the case comes from (its profile is in `ReferralReceived`). */
  readonly referralId?: string;
  readonly area: string;
  readonly region: Region;
  /** With origin `local-authority` (no police referral carries them): the statistical profile. */
  readonly sector?: Sector;
  readonly concernTypes?: CodedValues;
  readonly ageAtReferral?: number;
  readonly gender?: Gender;
  readonly openedAt: string;
}

export const CaseOpenedV1 = defineContract<CaseOpenedV1>({
  topic,
  type: 'CaseOpened',
  version: 1,
  description:
    'A Channel case was opened, from a police referral or by the local authority itself. A case opened by the local ' +
    'authority carries its own statistical profile, since no ReferralReceived does.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'origin', 'area', 'region', 'openedAt'],
    properties: {
      ...caseFields,
      origin: enumSchema(CASE_ORIGINS),
      referralId: idSchema,
      region: regionSchema,
      sector: sectorSchema,
      concernTypes: codedValuesSchema('Type(s) of concern, from a versioned code list.'),
      ageAtReferral: ageAtReferralSchema,
      gender: genderSchema,
      openedAt: instantSchema,
    },
    allOf: [
      {
        if: { required: ['origin'], properties: { origin: { const: 'police-referral' } } },
        then: { required: ['referralId'] },
      },
      {
        if: { required: ['origin'], properties: { origin: { const: 'local-authority' } } },
        then: { required: ['sector', 'concernTypes', 'ageAtReferral', 'gender'] },
      },
    ],
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    origin: 'police-referral',
    referralId: '5c3d2b1a-8f7e-4a6b-9c5d-1e2f3a4b5c6d',
    area: 'E09000002',
    region: 'E12000007',
    openedAt: '2025-04-02T11:05:00.000Z',
  },
});

export interface CaseTransferredV1 {
  readonly caseId: string;
  /** The area that held the case until now. */
  readonly area: string;
  readonly toArea: string;
  readonly toRegion: Region;
  readonly transferredAt: string;
}

export const CaseTransferredV1 = defineContract<CaseTransferredV1>({
  topic,
  type: 'CaseTransferred',
  version: 1,
  description: 'A case moved to the panel of another area (the person moved), with its whole history.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'area', 'toArea', 'toRegion', 'transferredAt'],
    properties: { ...caseFields, toArea: areaSchema, toRegion: regionSchema, transferredAt: instantSchema },
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    area: 'E09000002',
    toArea: 'E08000025',
    toRegion: 'E12000005',
    transferredAt: '2025-06-10T09:00:00.000Z',
  },
});

export interface CaseDiscussedAtPanelV1 {
  readonly caseId: string;
  readonly area: string;
  readonly meetingId: string;
  /** True the first time the case is discussed: the "discussed at a panel" stage and its timeliness. */
  readonly firstDiscussion: boolean;
  readonly discussedAt: string;
}

export const CaseDiscussedAtPanelV1 = defineContract<CaseDiscussedAtPanelV1>({
  topic,
  type: 'CaseDiscussedAtPanel',
  version: 1,
  description: 'A case was on the agenda of a quorate panel meeting and was discussed.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'area', 'meetingId', 'firstDiscussion', 'discussedAt'],
    properties: {
      ...caseFields,
      meetingId: idSchema,
      firstDiscussion: { type: 'boolean' },
      discussedAt: instantSchema,
    },
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    area: 'E09000002',
    meetingId: 'a1b2c3d4-e5f6-4789-8abc-def012345678',
    firstDiscussion: true,
    discussedAt: '2025-04-15T14:00:00.000Z',
  },
});

export interface CaseAdoptedV1 {
  readonly caseId: string;
  readonly area: string;
  readonly meetingId: string;
  readonly adoptedAt: string;
}

export const CaseAdoptedV1 = defineContract<CaseAdoptedV1>({
  topic,
  type: 'CaseAdopted',
  version: 1,
  description: 'The panel adopted the person as a Channel case; support follows consent.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'area', 'meetingId', 'adoptedAt'],
    properties: { ...caseFields, meetingId: idSchema, adoptedAt: instantSchema },
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    area: 'E09000002',
    meetingId: 'a1b2c3d4-e5f6-4789-8abc-def012345678',
    adoptedAt: '2025-04-15T14:30:00.000Z',
  },
});

export interface CaseNotAdoptedV1 {
  readonly caseId: string;
  readonly area: string;
  readonly meetingId: string;
  readonly outcome: NotAdoptedOutcome;
  /** With `referred-to-other-services`: which ones (code list `signposting-services`). */
  readonly referredTo?: CodedValues;
  readonly decidedAt: string;
}

export const CaseNotAdoptedV1 = defineContract<CaseNotAdoptedV1>({
  topic,
  type: 'CaseNotAdopted',
  version: 1,
  description:
    'The panel decided not to adopt the case: referred to other services, no further action, or returned to the ' +
    'police (a CaseReturnedToPolice follows).',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'area', 'meetingId', 'outcome', 'decidedAt'],
    properties: {
      ...caseFields,
      meetingId: idSchema,
      outcome: enumSchema(NOT_ADOPTED_OUTCOMES),
      referredTo: codedValuesSchema('Services the case was referred to (with outcome referred-to-other-services).'),
      decidedAt: instantSchema,
    },
    allOf: [
      {
        if: { required: ['outcome'], properties: { outcome: { const: 'referred-to-other-services' } } },
        then: { required: ['referredTo'] },
      },
    ],
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    area: 'E09000002',
    meetingId: 'a1b2c3d4-e5f6-4789-8abc-def012345678',
    outcome: 'referred-to-other-services',
    referredTo: { codeList: 'signposting-services-2024', codes: ['health-or-mental-health'] },
    decidedAt: '2025-04-15T14:30:00.000Z',
  },
});

export interface ConsentRecordedV1 {
  readonly caseId: string;
  readonly area: string;
  readonly outcome: ConsentOutcome;
  readonly recordedAt: string;
}

export const ConsentRecordedV1 = defineContract<ConsentRecordedV1>({
  topic,
  type: 'ConsentRecorded',
  version: 1,
  description:
    'Consent to support was given, refused or withdrawn. Only the outcome: who consented, how, and any capacity ' +
    'consideration stay in the panel service.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'area', 'outcome', 'recordedAt'],
    properties: { ...caseFields, outcome: enumSchema(CONSENT_OUTCOMES), recordedAt: instantSchema },
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    area: 'E09000002',
    outcome: 'given',
    recordedAt: '2025-04-20T10:00:00.000Z',
  },
});

export interface SupportStartedV1 {
  readonly caseId: string;
  readonly area: string;
  /** Types of the interventions in the support plan (code list `intervention-types`). */
  readonly interventionTypes: CodedValues;
  readonly startedAt: string;
}

export const SupportStartedV1 = defineContract<SupportStartedV1>({
  topic,
  type: 'SupportStarted',
  version: 1,
  description: 'The first intervention of an adopted, consenting case started.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'area', 'interventionTypes', 'startedAt'],
    properties: {
      ...caseFields,
      interventionTypes: codedValuesSchema('Types of intervention in the support plan.'),
      startedAt: instantSchema,
    },
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    area: 'E09000002',
    interventionTypes: {
      codeList: 'intervention-types-2024',
      codes: ['ideological-mentoring', 'education-or-training'],
    },
    startedAt: '2025-05-01T09:00:00.000Z',
  },
});

export interface CaseClosedV1 {
  readonly caseId: string;
  readonly area: string;
  readonly exitOutcome: ExitOutcome;
  /** The day the person left Channel: the release counts exits by it; the post-exit reviews fall due from it. */
  readonly exitedOn: string;
  readonly closedAt: string;
}

export const CaseClosedV1 = defineContract<CaseClosedV1>({
  topic,
  type: 'CaseClosed',
  version: 1,
  description:
    'An adopted case left Channel with an exit outcome on a day (exitedOn, which may precede the recording); ' +
    'post-exit reviews fall due 6 and 12 months after it. The closing report stays in the panel service.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'area', 'exitOutcome', 'exitedOn', 'closedAt'],
    properties: {
      ...caseFields,
      exitOutcome: enumSchema(EXIT_OUTCOMES),
      exitedOn: dateSchema,
      closedAt: instantSchema,
    },
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    area: 'E09000002',
    exitOutcome: 'no-further-terrorism-concerns',
    exitedOn: '2025-11-28',
    closedAt: '2025-11-30T16:00:00.000Z',
  },
});

export interface CaseReturnedToPoliceV1 {
  readonly caseId: string;
  readonly area: string;
  /** The referral to reopen; absent for a case the local authority opened itself. */
  readonly referralId?: string;
  readonly reason: ReturnToPoliceReason;
  readonly returnedAt: string;
}

export const CaseReturnedToPoliceV1 = defineContract<CaseReturnedToPoliceV1>({
  topic,
  type: 'CaseReturnedToPolice',
  version: 1,
  description:
    'The case went back to the police: not adopted (police-led), consent refused or withdrawn, risk escalated, or ' +
    'concerns remaining at exit. The intake reopens the referral. The panel’s view of the risk is shared through ' +
    'the case file, not on this topic.',
  consumers: ['referral-intake', 'compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'area', 'reason', 'returnedAt'],
    properties: {
      ...caseFields,
      referralId: idSchema,
      reason: enumSchema(RETURN_TO_POLICE_REASONS),
      returnedAt: instantSchema,
    },
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    area: 'E09000002',
    referralId: '5c3d2b1a-8f7e-4a6b-9c5d-1e2f3a4b5c6d',
    reason: 'consent-withdrawn',
    returnedAt: '2025-06-01T12:00:00.000Z',
  },
});

export interface PostExitReviewCompletedV1 {
  readonly caseId: string;
  readonly area: string;
  readonly review: PostExitReview;
  readonly outcome: PostExitReviewOutcome;
  /** The date the review was due (6 or 12 months after exit), for timeliness. */
  readonly dueOn: string;
  readonly completedAt: string;
}

export const PostExitReviewCompletedV1 = defineContract<PostExitReviewCompletedV1>({
  topic,
  type: 'PostExitReviewCompleted',
  version: 1,
  description: 'The 6- or 12-month review after exit was completed.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'area', 'review', 'outcome', 'dueOn', 'completedAt'],
    properties: {
      ...caseFields,
      review: enumSchema(POST_EXIT_REVIEWS),
      outcome: enumSchema(POST_EXIT_REVIEW_OUTCOMES),
      dueOn: dateSchema,
      completedAt: instantSchema,
    },
  },
  example: {
    caseId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    area: 'E09000002',
    review: '6-months',
    outcome: 'no-further-concerns',
    dueOn: '2026-05-30',
    completedAt: '2026-06-02T10:00:00.000Z',
  },
});

export const CASE_CONTRACTS: readonly IntegrationContract[] = [
  CaseOpenedV1,
  CaseTransferredV1,
  CaseDiscussedAtPanelV1,
  CaseAdoptedV1,
  CaseNotAdoptedV1,
  ConsentRecordedV1,
  SupportStartedV1,
  CaseClosedV1,
  CaseReturnedToPoliceV1,
  PostExitReviewCompletedV1,
];
