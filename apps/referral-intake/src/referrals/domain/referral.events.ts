import type {
  CodedValues,
  Gender,
  ReferralOutcome,
  Region,
  ReturnToPoliceReason,
  Sector,
  WithdrawalReason,
} from '@lib/contracts';
import type { DomainEvent } from '@lib/event-store';
import type { Personal } from './personal.js';

/**
 * The referral: one concern about one person, from the moment the police receive it to their
 * decision (domain §3). One stream per referral, `referral-<uuid>`.
 *
 * Personal values (names, contact details, free text) are {@link Personal} envelopes sealed under
 * the key of the referral's **subject**, so erasing the person erases them; codes (sector, type of
 * concern, outcome, area, region, lawful basis), dates and officers' ids stay in clear for audit
 * and statistics. Who did each step, in which role and when is in the event's metadata; the
 * metadata `reason` carries codes only, never free text.
 */
export const REFERRAL_CATEGORY = 'referral';

export function referralStream(referralId: string): string {
  return `${REFERRAL_CATEGORY}-${referralId}`;
}

/** The referral id of a `referral-<uuid>` stream, or undefined for another stream. */
export function referralIdOf(streamId: string): string | undefined {
  const prefix = `${REFERRAL_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}

/** How the referral reached the police: keyed in by an officer, or submitted by a partner through the form. */
export const RECEIVED_VIA = ['police', 'partner-form'] as const;
export type ReceivedVia = (typeof RECEIVED_VIA)[number];

/** Whether the person knows they have been referred. */
export const SUBJECT_AWARENESS = ['yes', 'no', 'not-known'] as const;
export type SubjectAwareness = (typeof SUBJECT_AWARENESS)[number];

/**
 * The lawful basis for sharing information with or from a partner (domain §7). Codes, not text:
 * UK GDPR Art. 6(1)(e) public task, Art. 9(2)(g) substantial public interest (with DPA 2018
 * Sch. 1), Art. 10 with DPA 2018 Sch. 1 for criminal-offence data, Part 3 DPA 2018 (law
 * enforcement processing by the police), Art. 6(1)(c) legal obligation, Art. 6(1)(d) vital
 * interests, Art. 6(1)(a) consent.
 */
export const LAWFUL_BASES = [
  'uk-gdpr-6-1-e-public-task',
  'uk-gdpr-9-2-g-substantial-public-interest',
  'uk-gdpr-10-criminal-offence-data',
  'dpa-2018-part-3-law-enforcement',
  'uk-gdpr-6-1-c-legal-obligation',
  'uk-gdpr-6-1-d-vital-interests',
  'uk-gdpr-6-1-a-consent',
] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** The person who made the referral; sealed under the subject's key like everything personal. */
export interface Referrer {
  readonly name: string;
  /** Their role in their organisation (`designated safeguarding lead`). */
  readonly role?: string;
  readonly organisation?: string;
  readonly phone?: string;
  readonly email?: string;
}

/**
 * The concern as the referrer put it: what happened, how it came to light, the warning signs,
 * complex needs and other safeguarding concerns, other agencies involved, and whether the referrer
 * spoke to the person or their parents. Free text: sealed.
 */
export interface Concern {
  readonly description: string;
  readonly howItArose?: string;
  readonly warningSigns?: string;
  readonly complexNeeds?: string;
  readonly otherSafeguardingConcerns?: string;
  readonly otherAgenciesInvolved?: string;
  readonly spokenToPersonOrParents?: string;
}

/**
 * A referral was recorded at the police gateway.
 *
 * `ageAtReferral` (whole years on the day received, derived from the date of birth) and `gender`
 * are the statistical profile of the referral, kept in clear like on the topic (ADR 030): the
 * release's tables must survive the person's erasure. The date of birth itself is the subject's,
 * sealed in the subject stream. Absent when the date of birth is unknown.
 */
export type ReferralReceived = DomainEvent<
  'ReferralReceived',
  {
    readonly referralId: string;
    readonly subjectId: string;
    readonly receivedVia: ReceivedVia;
    /** The person's local authority area (ONS GSS code): its police and its Channel panel. */
    readonly area: string;
    readonly region: Region;
    /** The referrer's sector (closed list of the release). */
    readonly sector: Sector;
    /** Type(s) of concern from a versioned code list (`concern-types-2024`). */
    readonly concernTypes: CodedValues;
    readonly gender: Gender;
    readonly ageAtReferral?: number;
    readonly subjectAware: SubjectAwareness;
    readonly referrer: Personal<Referrer>;
    readonly concern: Personal<Concern>;
    /**
     * Digest of the creating request, sealed, when it came with an Idempotency-Key: a retry with
     * the same key and the same body finds this referral; a different body is refused.
     */
    readonly requestFingerprint?: Personal<string>;
    readonly receivedAt: string;
  }
>;

/** The police told the referrer the referral is in hand. */
export type ReferralAcknowledged = DomainEvent<
  'ReferralAcknowledged',
  { readonly referralId: string; readonly acknowledgedAt: string }
>;

/** A supervisor gave the referral to an officer (the first time). */
export type ReferralAssigned = DomainEvent<
  'ReferralAssigned',
  { readonly referralId: string; readonly officerId: string; readonly assignedAt: string }
>;

/** The referral moved from one officer to another. */
export type ReferralReassigned = DomainEvent<
  'ReferralReassigned',
  {
    readonly referralId: string;
    readonly officerId: string;
    readonly previousOfficerId: string;
    readonly reassignedAt: string;
  }
>;

/** De-confliction: the person is not part of a live counter-terrorism investigation. */
export type DeconflictionCleared = DomainEvent<
  'DeconflictionCleared',
  { readonly referralId: string; readonly checkedAt: string }
>;

/**
 * De-confliction found a live counter-terrorism investigation: the case is handled there, and the
 * referral is closed with outcome `closed-counter-terrorism-investigation`. Deliberately carries no
 * detail of the investigation: it stays out of the Prevent record (domain §3.2).
 */
export type ReferralClosedForInvestigation = DomainEvent<
  'ReferralClosedForInvestigation',
  {
    readonly referralId: string;
    readonly outcome: 'closed-counter-terrorism-investigation';
    /** Counts with the decisions: 1 unless the referral had been decided before and reopened. */
    readonly decisionNumber: number;
    readonly closedAt: string;
  }
>;

/** The police asked a partner agency for what it holds, on a lawful basis. */
export type InformationRequested = DomainEvent<
  'InformationRequested',
  {
    readonly referralId: string;
    /** Chosen by the caller; names the request when its reply is recorded. */
    readonly requestId: string;
    /** The partner's sector (education, health, local-authority...). */
    readonly partnerSector: Sector;
    /** The partner organisation and contact: may identify the person (their school), so sealed. */
    readonly partner: Personal<{ organisation: string; contact?: string }>;
    readonly lawfulBasis: LawfulBasis;
    /** What was asked. */
    readonly request: Personal<string>;
    readonly requestedAt: string;
  }
>;

/** A partner's reply to a request, and the lawful basis on which they shared it. */
export type InformationReceived = DomainEvent<
  'InformationReceived',
  {
    readonly referralId: string;
    readonly requestId: string;
    readonly lawfulBasis: LawfulBasis;
    /** What the partner shared. */
    readonly information: Personal<string>;
    readonly receivedAt: string;
  }
>;

/** One dimension of the gateway assessment as the officer rated it. */
export interface AssessmentAnswer {
  /** The template's dimension code (`engagement`). */
  readonly dimension: string;
  /** One of the dimension's rating codes (`low`, `medium`, `high`). */
  readonly rating: string;
  /** The officer's evidence for the rating. */
  readonly notes: Personal<string>;
}

/**
 * The gateway assessment: the police's first assessment, against an assessment template held as
 * data (id and version), so a framework can be replaced without code changes (domain §3.3). A
 * later assessment of the same referral supersedes the earlier one; both stay in the history.
 */
export type GatewayAssessmentRecorded = DomainEvent<
  'GatewayAssessmentRecorded',
  {
    readonly referralId: string;
    readonly templateId: string;
    readonly templateVersion: number;
    readonly answers: readonly AssessmentAnswer[];
    readonly summary: Personal<string>;
    readonly assessedAt: string;
  }
>;

/**
 * The police's decision at the end of the gateway, always with a rationale (domain §3.4).
 * `signpostedTo` is present exactly with `signposted`; `channelArea` exactly with
 * `referred-to-channel` (the area whose panel receives the case). A decision takes effect when it
 * is recorded; a supervisor's sign-off follows as assurance.
 */
export type ReferralDecided = DomainEvent<
  'ReferralDecided',
  {
    readonly referralId: string;
    /** 1 for the first decision; a referral reopened after Channel returns it is decided again. */
    readonly decisionNumber: number;
    readonly outcome: ReferralOutcome;
    /** Services signposted to, from the versioned list `signposting-services-<year>`. */
    readonly signpostedTo?: CodedValues;
    /** With `signposted` for a child: a parallel referral to the local safeguarding hub (MASH). */
    readonly mashReferral?: boolean;
    readonly channelArea?: string;
    /** The deciding officer's user id; the supervisor who signs off must be someone else. */
    readonly decidedBy: string;
    readonly rationale: Personal<string>;
    readonly decidedAt: string;
  }
>;

/** A police supervisor signed off the decision (never the officer who made it). */
export type DecisionSignedOff = DomainEvent<
  'DecisionSignedOff',
  {
    readonly referralId: string;
    readonly decisionNumber: number;
    readonly supervisorId: string;
    readonly comment?: Personal<string>;
    readonly signedOffAt: string;
  }
>;

/**
 * A Channel case came back to the police (not adopted and police-led, consent refused or withdrawn,
 * risk escalated, concerns remaining at exit): the referral is open again for a new decision.
 */
export type ReferralReopened = DomainEvent<
  'ReferralReopened',
  {
    readonly referralId: string;
    /** The Channel case that returned it. */
    readonly caseId: string;
    /** The panel's reason code. */
    readonly returnReason: ReturnToPoliceReason;
    readonly reopenedAt: string;
  }
>;

/**
 * The referral's statistical profile was corrected (a wrongly keyed date of birth changes the age
 * at referral; a wrong area, sector or type of concern). Only the changed fields are present.
 */
export type ReferralDetailsCorrected = DomainEvent<
  'ReferralDetailsCorrected',
  {
    readonly referralId: string;
    readonly area?: string;
    readonly region?: Region;
    readonly sector?: Sector;
    readonly concernTypes?: CodedValues;
    readonly gender?: Gender;
    readonly ageAtReferral?: number;
    readonly reason: Personal<string>;
    readonly correctedAt: string;
  }
>;

/**
 * At triage the officer found the person already known: the referral now points to that earlier
 * subject record. The personal values already recorded stay sealed under the previous subject's
 * key (ADR 031), which is erased with the person's other records.
 */
export type ReferralLinkedToSubject = DomainEvent<
  'ReferralLinkedToSubject',
  {
    readonly referralId: string;
    readonly subjectId: string;
    readonly previousSubjectId: string;
    readonly linkedAt: string;
  }
>;

/** The referral was withdrawn before a decision (made in error, duplicate...). */
export type ReferralWithdrawn = DomainEvent<
  'ReferralWithdrawn',
  {
    readonly referralId: string;
    readonly reason: WithdrawalReason;
    readonly explanation: Personal<string>;
    readonly withdrawnAt: string;
  }
>;

export type ReferralEvent =
  | ReferralReceived
  | ReferralAcknowledged
  | ReferralAssigned
  | ReferralReassigned
  | DeconflictionCleared
  | ReferralClosedForInvestigation
  | InformationRequested
  | InformationReceived
  | GatewayAssessmentRecorded
  | ReferralDecided
  | DecisionSignedOff
  | ReferralReopened
  | ReferralDetailsCorrected
  | ReferralLinkedToSubject
  | ReferralWithdrawn;

export type ReferralEventType = ReferralEvent['type'];

export const REFERRAL_EVENT_TYPES: readonly ReferralEventType[] = [
  'ReferralReceived',
  'ReferralAcknowledged',
  'ReferralAssigned',
  'ReferralReassigned',
  'DeconflictionCleared',
  'ReferralClosedForInvestigation',
  'InformationRequested',
  'InformationReceived',
  'GatewayAssessmentRecorded',
  'ReferralDecided',
  'DecisionSignedOff',
  'ReferralReopened',
  'ReferralDetailsCorrected',
  'ReferralLinkedToSubject',
  'ReferralWithdrawn',
];

/** The events that record an outcome of the gateway (for queues, timeliness and the decision count). */
export const OUTCOME_EVENT_TYPES: readonly ReferralEventType[] = ['ReferralDecided', 'ReferralClosedForInvestigation'];
