import type { Gender } from '@lib/contracts';
import type { DomainEvent } from '@lib/event-store';
import type { Personal } from '../../referrals/domain/personal.js';

/**
 * The subject: the person a referral is about (domain §3). One stream per person,
 * `subject-<uuid>`, so that every referral of the same person points to one record and earlier
 * referrals are seen at triage. The subject id is a random UUID, meaningless outside the services
 * (it is the pseudonymous id on the topics) and the id of the person's data key.
 */
export const SUBJECT_CATEGORY = 'subject';

export function subjectStream(subjectId: string): string {
  return `${SUBJECT_CATEGORY}-${subjectId}`;
}

/** The subject id of a `subject-<uuid>` stream, or undefined for another stream. */
export function subjectIdOf(streamId: string): string | undefined {
  const prefix = `${SUBJECT_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}

/** A name of the person: given names and family name, as known to the referrer. */
export interface PersonName {
  readonly givenNames: string;
  readonly familyName: string;
}

/** An identifier of the person in another system: `nhs-number`, `social-care-id`, `pnc-id`, `other`. */
export interface ExternalIdentifier {
  readonly scheme: string;
  readonly value: string;
}

/** A handle on an online platform, as the referrer saw it. */
export interface OnlineIdentity {
  readonly platform: string;
  readonly handle: string;
}

/** A relative or associate relevant to the concern. */
export interface Associate {
  readonly name: string;
  readonly relationship: string;
  readonly notes?: string;
}

/**
 * The personal details of the subject, every one of them sealed under the subject's own key.
 * Special-category data (ethnicity, religion through the concern, health needs) is among them.
 * Absent fields were not known to the referrer.
 */
export interface SubjectDetails {
  /** The name the person is known by. */
  readonly name: Personal<PersonName>;
  /** Other names, aliases and earlier spellings; searched by the fuzzy matcher too. */
  readonly otherNames?: Personal<PersonName[]>;
  /** ISO date (`2008-03-04`). Age at referral is derived from it, never stored as the person's age. */
  readonly dateOfBirth?: Personal<string>;
  /** Postal address as free text lines and postcode. */
  readonly address?: Personal<{ lines: string[]; postcode?: string }>;
  readonly ethnicity?: Personal<string>;
  readonly nationality?: Personal<string>;
  readonly languages?: Personal<string[]>;
  /** School, college, employer or occupation. */
  readonly educationOrOccupation?: Personal<string>;
  readonly identifiers?: Personal<ExternalIdentifier[]>;
  readonly onlineIdentities?: Personal<OnlineIdentity[]>;
  /** Telephone numbers and e-mail addresses of the person. */
  readonly contact?: Personal<{ phone?: string; email?: string }>;
  readonly familyAndAssociates?: Personal<Associate[]>;
  /** Known mental-health or neurodiversity needs, as described. */
  readonly mentalHealthOrNeurodiversityNeeds?: Personal<string>;
}

/** The names of the fields of {@link SubjectDetails}; a correction names those it changes. */
export type SubjectDetailField = keyof SubjectDetails;

export const SUBJECT_DETAIL_FIELDS: readonly SubjectDetailField[] = [
  'name',
  'otherNames',
  'dateOfBirth',
  'address',
  'ethnicity',
  'nationality',
  'languages',
  'educationOrOccupation',
  'identifiers',
  'onlineIdentities',
  'contact',
  'familyAndAssociates',
  'mentalHealthOrNeurodiversityNeeds',
];

/**
 * A person was recorded for the first time, at intake (keyed in by police or from a partner's
 * form). `area` (the local authority where the person lives, an ONS code) and `gender` are codes
 * and stay in clear: they scope access and feed statistics after an erasure.
 */
export type SubjectRegistered = DomainEvent<
  'SubjectRegistered',
  {
    readonly subjectId: string;
    /** Local authority area of the person's home (ONS GSS code, e.g. `E08000025`). */
    readonly area: string;
    readonly gender: Gender;
    readonly details: SubjectDetails;
    readonly registeredAt: string;
  }
>;

/**
 * Some of the person's details were wrong and were corrected. Carries only the changed fields, with
 * their new values; the reason is free text and therefore sealed. The history keeps the old values.
 */
export type SubjectDetailsCorrected = DomainEvent<
  'SubjectDetailsCorrected',
  {
    readonly subjectId: string;
    /** New area, when it changed (a move, or a mistake). */
    readonly area?: string;
    readonly gender?: Gender;
    /** The changed details only; a field present with a new envelope replaces the old value. */
    readonly details: Partial<SubjectDetails>;
    /** Names of the changed fields, in clear, so a reader knows what changed without revealing it. */
    readonly changedFields: readonly (SubjectDetailField | 'area' | 'gender')[];
    /** Why the details were corrected, in the officer's words. */
    readonly reason: Personal<string>;
    readonly correctedAt: string;
  }
>;

export type SubjectEvent = SubjectRegistered | SubjectDetailsCorrected;

export const SUBJECT_EVENT_TYPES: readonly SubjectEvent['type'][] = ['SubjectRegistered', 'SubjectDetailsCorrected'];

/** Dot paths of the personal fields, for `PersonalDataCipher.protectFields`. */
export const SUBJECT_PERSONAL_FIELDS: readonly string[] = SUBJECT_DETAIL_FIELDS.map((field) => field);
