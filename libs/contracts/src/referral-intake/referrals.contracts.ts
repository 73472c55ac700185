import {
  REFERRAL_OUTCOMES,
  WITHDRAWAL_REASONS,
  ageAtReferralSchema,
  areaSchema,
  codedValuesSchema,
  enumSchema,
  genderSchema,
  idSchema,
  instantSchema,
  regionSchema,
  sectorSchema,
  type CodedValues,
  type Gender,
  type ReferralOutcome,
  type Region,
  type Sector,
  type WithdrawalReason,
} from '../code-lists.js';
import { defineContract, type IntegrationContract, type TopicDefinition } from '../contract.js';
import { personalDataEnvelopeSchema, type PersonalDataEnvelope } from '../personal-data-envelope.js';

/**
 * What the referral intake (police) tells the other contexts about referrals. Keyed by the
 * referral's stream id. Statistical fields only: no names, dates of birth, addresses or free text
 * (domain §7, ADR 026) — except `ReferredToChannel.personalDetails`, for the panel, where each
 * value is an envelope sealed under the subject's key (ADR 052).
 */
export const REFERRALS_TOPIC: TopicDefinition = {
  name: 'referral-intake.referrals',
  publisher: 'referral-intake',
  description:
    'The life of a Prevent referral at the police gateway: received, decided, referred to Channel, corrected, withdrawn. ' +
    'Keyed by referral stream id. No personal data in clear: only ReferredToChannel carries personal details, each ' +
    'sealed under the subject’s key.',
};

const topic = REFERRALS_TOPIC.name;

const concernTypesSchema = codedValuesSchema(
  'Type(s) of concern, from a versioned code list (the reporting service maps older lists to newer categories).',
);

export interface ReferralReceivedV1 {
  readonly referralId: string;
  /** The person's local authority area (ONS code). */
  readonly area: string;
  readonly region: Region;
  readonly sector: Sector;
  readonly concernTypes: CodedValues;
  /** Absent when the date of birth is not known (the release's "age not known"). */
  readonly ageAtReferral?: number;
  readonly gender: Gender;
  readonly receivedAt: string;
}

export const ReferralReceivedV1 = defineContract<ReferralReceivedV1>({
  topic,
  type: 'ReferralReceived',
  version: 1,
  description:
    'A referral was recorded at the police gateway. Carries the statistical profile of the referral: area, region, ' +
    'sector of the referrer, type of concern, age at referral in whole years (absent when the date of birth is not ' +
    'known), gender.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['referralId', 'area', 'region', 'sector', 'concernTypes', 'gender', 'receivedAt'],
    properties: {
      referralId: idSchema,
      area: areaSchema,
      region: regionSchema,
      sector: sectorSchema,
      concernTypes: concernTypesSchema,
      ageAtReferral: ageAtReferralSchema,
      gender: genderSchema,
      receivedAt: instantSchema,
    },
  },
  example: {
    referralId: '0b7f6a0e-4c1e-4d7e-9a56-2f4c8e1d3a10',
    area: 'E08000025',
    region: 'E12000005',
    sector: 'education',
    concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
    ageAtReferral: 15,
    gender: 'male',
    receivedAt: '2025-03-01T09:12:00.000Z',
  },
});

export interface ReferralDecidedV1 {
  readonly referralId: string;
  readonly outcome: ReferralOutcome;
  /** 1 for the first decision; a referral reopened after Channel returns it is decided again. */
  readonly decisionNumber: number;
  /** With `signposted`: the services signposted to (code list `signposting-services`). */
  readonly signpostedTo?: CodedValues;
  /** With `referred-to-channel`: the area whose panel receives the case. */
  readonly channelArea?: string;
  readonly decidedAt: string;
}

export const ReferralDecidedV1 = defineContract<ReferralDecidedV1>({
  topic,
  type: 'ReferralDecided',
  version: 1,
  description:
    'The police decided a referral at the end of the gateway assessment: no further action, signposted to other ' +
    'services, referred to Channel, police-led partnership, or closed for a counter-terrorism investigation. ' +
    'The rationale stays in the intake service.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['referralId', 'outcome', 'decisionNumber', 'decidedAt'],
    properties: {
      referralId: idSchema,
      outcome: enumSchema(REFERRAL_OUTCOMES),
      decisionNumber: { type: 'integer', minimum: 1 },
      signpostedTo: codedValuesSchema('Services the person was signposted to (with outcome signposted).'),
      channelArea: areaSchema,
      decidedAt: instantSchema,
    },
    allOf: [
      {
        if: { required: ['outcome'], properties: { outcome: { const: 'signposted' } } },
        then: { required: ['signpostedTo'] },
      },
      {
        if: { required: ['outcome'], properties: { outcome: { const: 'referred-to-channel' } } },
        then: { required: ['channelArea'] },
      },
    ],
  },
  example: {
    referralId: '0b7f6a0e-4c1e-4d7e-9a56-2f4c8e1d3a10',
    outcome: 'signposted',
    decisionNumber: 1,
    signpostedTo: { codeList: 'signposting-services-2024', codes: ['early-help', 'education'] },
    decidedAt: '2025-03-06T15:40:00.000Z',
  },
});

export interface ReferredToChannelV1 {
  readonly referralId: string;
  /** Pseudonymous id of the person (a random UUID, meaningless outside the services). */
  readonly subjectId: string;
  readonly area: string;
  readonly region: Region;
  readonly sector: Sector;
  readonly concernTypes: CodedValues;
  /** Absent when the date of birth is not known. */
  readonly ageAtReferral?: number;
  readonly gender: Gender;
  readonly referredAt: string;
  /** What the panel needs to know the person, each value sealed under the subject's key. */
  readonly personalDetails: ReferredPersonDetails;
}

/** The person's details the panel needs, each an envelope sealed under the subject's key (ADR 052). */
export interface ReferredPersonDetails {
  /** `{ givenNames, familyName }` */
  readonly name: PersonalDataEnvelope;
  /** `[{ givenNames, familyName }]`: aliases and earlier spellings. */
  readonly otherNames?: PersonalDataEnvelope;
  /** ISO date: the panel applies the under-18 consent rule. */
  readonly dateOfBirth?: PersonalDataEnvelope;
  /** `{ lines, postcode }` */
  readonly address?: PersonalDataEnvelope;
  /** The concern as the referrer described it: `{ description, howItArose?, warningSigns?, ... }`. */
  readonly concern: PersonalDataEnvelope;
}

const EXAMPLE_SUBJECT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const exampleEnvelope = (ct: string): PersonalDataEnvelope => ({
  $pd: 1,
  s: EXAMPLE_SUBJECT,
  iv: 'q83vEjRWeJCrze8S',
  ct,
  tag: 'c2VhbGVkIGJ5IHRoZSBzdWI=',
});

export const ReferredToChannelV1 = defineContract<ReferredToChannelV1>({
  topic,
  type: 'ReferredToChannel',
  version: 1,
  description:
    'The police referred a person to the Channel panel of an area: the panel service opens a case. The person is ' +
    'identified by a pseudonymous subject id; the details the panel needs (names, date of birth, address, the ' +
    'concern) travel sealed under the subject’s key, readable only by services allowed the key store, and gone ' +
    'once the person is erased (ADR 052).',
  consumers: ['channel-panel'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: [
      'referralId',
      'subjectId',
      'area',
      'region',
      'sector',
      'concernTypes',
      'gender',
      'referredAt',
      'personalDetails',
    ],
    properties: {
      referralId: idSchema,
      subjectId: { ...idSchema, description: 'Pseudonymous id of the person referred.' },
      area: { ...areaSchema, description: 'The area whose Channel panel receives the case (ONS GSS code).' },
      region: regionSchema,
      sector: sectorSchema,
      concernTypes: concernTypesSchema,
      ageAtReferral: ageAtReferralSchema,
      gender: genderSchema,
      referredAt: instantSchema,
      personalDetails: {
        type: 'object',
        description: 'The person’s details the panel needs, each sealed under the subject’s key.',
        additionalProperties: false,
        required: ['name', 'concern'],
        properties: {
          name: personalDataEnvelopeSchema('The name the person is known by: { givenNames, familyName }.'),
          otherNames: personalDataEnvelopeSchema('Other names and spellings: [{ givenNames, familyName }].'),
          dateOfBirth: personalDataEnvelopeSchema('Date of birth, an ISO date.'),
          address: personalDataEnvelopeSchema('Postal address: { lines, postcode }.'),
          concern: personalDataEnvelopeSchema(
            'The concern as the referrer described it: { description, howItArose, warningSigns, ... }.',
          ),
        },
      },
    },
  },
  example: {
    referralId: '5c3d2b1a-8f7e-4a6b-9c5d-1e2f3a4b5c6d',
    subjectId: EXAMPLE_SUBJECT,
    area: 'E09000002',
    region: 'E12000007',
    sector: 'health',
    concernTypes: { codeList: 'concern-types-2024', codes: ['conflicted'] },
    ageAtReferral: 19,
    gender: 'female',
    referredAt: '2025-04-02T11:00:00.000Z',
    personalDetails: {
      name: exampleEnvelope('3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs='),
      dateOfBirth: exampleEnvelope('AAECAwQFBgcICQoLDA0ODw=='),
      concern: exampleEnvelope('EBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8='),
    },
  },
});

export interface ReferralDetailsCorrectedV1 {
  readonly referralId: string;
  readonly area?: string;
  readonly region?: Region;
  readonly sector?: Sector;
  readonly concernTypes?: CodedValues;
  readonly ageAtReferral?: number;
  readonly gender?: Gender;
  readonly correctedAt: string;
}

export const ReferralDetailsCorrectedV1 = defineContract<ReferralDetailsCorrectedV1>({
  topic,
  type: 'ReferralDetailsCorrected',
  version: 1,
  description:
    'The statistical profile of a referral was corrected (for example, a wrongly keyed date of birth changed the age ' +
    'at referral). Carries only the fields that changed, with their new values.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['referralId', 'correctedAt'],
    minProperties: 3,
    properties: {
      referralId: idSchema,
      area: areaSchema,
      region: regionSchema,
      sector: sectorSchema,
      concernTypes: concernTypesSchema,
      ageAtReferral: ageAtReferralSchema,
      gender: genderSchema,
      correctedAt: instantSchema,
    },
  },
  example: {
    referralId: '0b7f6a0e-4c1e-4d7e-9a56-2f4c8e1d3a10',
    ageAtReferral: 16,
    correctedAt: '2025-03-03T08:00:00.000Z',
  },
});

export interface ReferralWithdrawnV1 {
  readonly referralId: string;
  readonly reason: WithdrawalReason;
  readonly withdrawnAt: string;
}

export const ReferralWithdrawnV1 = defineContract<ReferralWithdrawnV1>({
  topic,
  type: 'ReferralWithdrawn',
  version: 1,
  description: 'A referral was withdrawn before a decision; it leaves the statistics of referrals.',
  consumers: ['compliance-reporting'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['referralId', 'reason', 'withdrawnAt'],
    properties: {
      referralId: idSchema,
      reason: enumSchema(WITHDRAWAL_REASONS),
      withdrawnAt: instantSchema,
    },
  },
  example: {
    referralId: '0b7f6a0e-4c1e-4d7e-9a56-2f4c8e1d3a10',
    reason: 'duplicate',
    withdrawnAt: '2025-03-02T10:00:00.000Z',
  },
});

export const REFERRAL_CONTRACTS: readonly IntegrationContract[] = [
  ReferralReceivedV1,
  ReferralDecidedV1,
  ReferredToChannelV1,
  ReferralDetailsCorrectedV1,
  ReferralWithdrawnV1,
];
