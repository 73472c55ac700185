import type { JsonSchema } from './contract.js';

/**
 * Code lists shared by the contracts. Codes are stable wire values (kebab-case), never labels.
 *
 * Two kinds (ADR 026):
 * - **closed lists** fixed by law or by the process (decision outcomes, sectors, regions):
 *   an `enum` in the schema. Adding a value is a breaking change for consumers that validate,
 *   so it means a new contract version.
 * - **versioned code lists held as data** (type of concern, signposting services,
 *   interventions): the schema checks only the shape of a code, and the payload names the
 *   code-list version, so a new year's categories need no new contract. The reporting service
 *   maps between code-list versions.
 */

/** Sector of the referrer (domain §3). */
export const SECTORS = [
  'education',
  'police',
  'local-authority',
  'health',
  'community',
  'friends-and-family',
  'prisons',
  'probation',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** Gender as recorded for the statistical release. */
export const GENDERS = ['female', 'male', 'other', 'not-known'] as const;
export type Gender = (typeof GENDERS)[number];

/** The nine English regions and Wales, as ONS (GSS) codes. */
export const REGIONS = [
  'E12000001', // North East
  'E12000002', // North West
  'E12000003', // Yorkshire and The Humber
  'E12000004', // East Midlands
  'E12000005', // West Midlands
  'E12000006', // East of England
  'E12000007', // London
  'E12000008', // South East
  'E12000009', // South West
  'W92000004', // Wales
] as const;
export type Region = (typeof REGIONS)[number];

/** The police's decision at the end of the gateway assessment (domain §3.4). */
export const REFERRAL_OUTCOMES = [
  'no-further-action',
  'signposted',
  'referred-to-channel',
  'police-led-partnership',
  'closed-counter-terrorism-investigation',
] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** Why a referral was withdrawn. */
export const WITHDRAWAL_REASONS = ['made-in-error', 'duplicate', 'withdrawn-by-referrer', 'other'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

/** How a Channel case was opened: from a police referral or by the local authority itself (since 2019). */
export const CASE_ORIGINS = ['police-referral', 'local-authority'] as const;
export type CaseOrigin = (typeof CASE_ORIGINS)[number];

/** A panel's decision not to adopt (domain §4.5). */
export const NOT_ADOPTED_OUTCOMES = ['referred-to-other-services', 'no-further-action', 'returned-to-police'] as const;
export type NotAdoptedOutcome = (typeof NOT_ADOPTED_OUTCOMES)[number];

export const CONSENT_OUTCOMES = ['given', 'refused', 'withdrawn'] as const;
export type ConsentOutcome = (typeof CONSENT_OUTCOMES)[number];

/** How a person left Channel (domain §4.9). */
export const EXIT_OUTCOMES = [
  'no-further-terrorism-concerns',
  'concerns-remain-passed-to-police',
  'consent-withdrawn',
  'transferred',
  'other',
] as const;
export type ExitOutcome = (typeof EXIT_OUTCOMES)[number];

/** Why a case went back to the police. */
export const RETURN_TO_POLICE_REASONS = [
  'not-adopted-police-led',
  'consent-refused',
  'consent-withdrawn',
  'risk-escalated',
  'concerns-remain-at-exit',
] as const;
export type ReturnToPoliceReason = (typeof RETURN_TO_POLICE_REASONS)[number];

export const POST_EXIT_REVIEWS = ['6-months', '12-months'] as const;
export type PostExitReview = (typeof POST_EXIT_REVIEWS)[number];

export const POST_EXIT_REVIEW_OUTCOMES = ['no-further-concerns', 'concerns-identified'] as const;
export type PostExitReviewOutcome = (typeof POST_EXIT_REVIEW_OUTCOMES)[number];

/** Codes drawn from a versioned code list: the list's version and the codes. */
export interface CodedValues {
  readonly codeList: string;
  readonly codes: readonly string[];
}

// ---- schema fragments -------------------------------------------------------------------

const CODE_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

export const idSchema: JsonSchema = { type: 'string', format: 'uuid' };
export const instantSchema: JsonSchema = { type: 'string', format: 'date-time' };
export const dateSchema: JsonSchema = { type: 'string', format: 'date' };
export const codeSchema: JsonSchema = { type: 'string', pattern: CODE_PATTERN, maxLength: 80 };
/** A local authority area: the ONS (GSS) code of an English or Welsh local authority. */
export const areaSchema: JsonSchema = {
  type: 'string',
  pattern: '^(E0[6-9]|W06)[0-9]{6}$',
  description: 'Local authority (ONS GSS code), e.g. E08000025.',
};
export const regionSchema: JsonSchema = {
  enum: [...REGIONS],
  description: 'English region or Wales (ONS GSS code).',
};
export const sectorSchema: JsonSchema = { enum: [...SECTORS] };
export const genderSchema: JsonSchema = { enum: [...GENDERS] };
/** Age in whole years on the day of the referral, derived from the date of birth (never the date itself). */
export const ageAtReferralSchema: JsonSchema = { type: 'integer', minimum: 0, maximum: 120 };

/** Codes from a versioned code list, e.g. `{ codeList: 'concern-types-2024', codes: ['islamist'] }`. */
export function codedValuesSchema(description: string, minItems = 1): JsonSchema {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    required: ['codeList', 'codes'],
    properties: {
      codeList: { ...codeSchema, description: 'Version of the code list the codes come from.' },
      codes: { type: 'array', items: codeSchema, minItems, uniqueItems: true },
    },
  };
}

export function enumSchema(values: readonly string[], description?: string): JsonSchema {
  return description ? { enum: [...values], description } : { enum: [...values] };
}
