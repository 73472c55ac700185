import type {
  CaseOrigin,
  CodedValues,
  ExitOutcome,
  Gender,
  NotAdoptedOutcome,
  PostExitReview,
  PostExitReviewOutcome,
  Region,
  ReturnToPoliceReason,
  Sector,
} from '@lib/contracts';
import type { DomainEvent } from '@lib/event-store';
import type { Personal } from './personal.js';

/**
 * The Channel case: one person before the panel of their local authority, from the moment the case
 * is opened to the 12-month review after exit (domain §4). One stream per case,
 * `channel-case-<uuid>`. A case opened from a police referral has the referral's id as its own id,
 * so a redelivered "referred to Channel" opens nothing twice.
 *
 * Personal values (names, date of birth, rationales, reports, notes) are {@link Personal} envelopes
 * sealed under the key of the case's **subject**; codes (areas, outcomes, intervention types,
 * lawful bases), dates and user ids stay in clear for audit and statistics. Who did each step, in
 * which role and when is in the event's metadata.
 */
export const CHANNEL_CASE_CATEGORY = 'channel-case';

export function channelCaseStream(caseId: string): string {
  return `${CHANNEL_CASE_CATEGORY}-${caseId}`;
}

/** The case id of a `channel-case-<uuid>` stream, or undefined for another stream. */
export function caseIdOf(streamId: string): string | undefined {
  const prefix = `${CHANNEL_CASE_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}

/**
 * The agencies of a panel (domain §1, §4): the local authority chairs, the police are members, the
 * listed partners cooperate. Owner agencies of interventions and partners asked for information
 * come from the same list.
 */
export const AGENCIES = [
  'local-authority',
  'police',
  'childrens-social-care',
  'adult-social-care',
  'health',
  'mental-health',
  'education',
  'probation',
  'housing',
  'youth-offending',
  'intervention-provider',
  'other',
] as const;
export type Agency = (typeof AGENCIES)[number];

/**
 * The lawful basis for sharing information with or from a partner (domain §7), the same codes as
 * the intake's: UK GDPR Art. 6(1)(e) public task, Art. 9(2)(g) substantial public interest, Art. 10
 * criminal-offence data, Part 3 DPA 2018, Art. 6(1)(c) legal obligation, Art. 6(1)(d) vital
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

/**
 * The person's details as they reach the panel, each value sealed under the subject's key: from the
 * intake's `ReferredToChannel` unchanged (the panel never decrypts them to store them), or sealed
 * by the handler for a case the local authority opens itself.
 */
export interface CasePersonalDetails {
  /** `{ givenNames, familyName }` */
  readonly name: Personal<{ givenNames: string; familyName: string }>;
  /** `[{ givenNames, familyName }]`: aliases and earlier spellings. */
  readonly otherNames?: Personal<readonly { givenNames: string; familyName: string }[]>;
  /** ISO date (`YYYY-MM-DD`): opened by the consent handler to apply the under-18 rule. */
  readonly dateOfBirth?: Personal<string>;
  /** `{ lines, postcode }` */
  readonly address?: Personal<{ lines: readonly string[]; postcode?: string }>;
  /** The concern as the referrer described it: `{ description, howItArose?, warningSigns?, ... }`. */
  readonly concern: Personal<Record<string, string>>;
}

/**
 * A case was opened: from a police referral (`origin: police-referral`, `referralId` equal to the
 * case id) or by the local authority itself (`origin: local-authority`). The statistical profile
 * (sector, type of concern, age at referral in whole years, gender) is kept in clear, as on the
 * topic, so the release's tables survive the person's erasure.
 */
export type CaseOpened = DomainEvent<
  'CaseOpened',
  {
    readonly caseId: string;
    readonly origin: CaseOrigin;
    readonly referralId?: string;
    /** Pseudonymous id of the person: whose key seals every personal value of the case. */
    readonly subjectId: string;
    /** The lead area: the local authority (ONS GSS code) where the person lives. */
    readonly area: string;
    readonly region: Region;
    readonly sector?: Sector;
    readonly concernTypes?: CodedValues;
    readonly ageAtReferral?: number;
    readonly gender?: Gender;
    /** When the police referred the person (police referrals), or the local authority opened the case. */
    readonly referredAt: string;
    readonly personalDetails: CasePersonalDetails;
    /** Digest of the creating request, sealed, when it came with an Idempotency-Key. */
    readonly requestFingerprint?: Personal<string>;
    readonly openedAt: string;
  }
>;

/** Where a case stood when its referral came back to the panel. */
export const RE_REFERRED_FROM = ['with-police', 'not-adopted', 'closed'] as const;
export type ReReferredFrom = (typeof RE_REFERRED_FROM)[number];

/**
 * The police referred the person to the panel **again** (same referral, a new "referred to
 * Channel" after the panel's part was over: returned to the police, not adopted, or exited). The
 * case reopens for the panel with its whole history: the next decision, consent and support are
 * recorded on the same stream, and a later assessment records what changed. The area, the profile
 * and the person's details are the new referral's; scheduled post-exit reviews of an exited case
 * lapse, since the person is back before the panel.
 */
export type CaseReReferred = DomainEvent<
  'CaseReReferred',
  {
    readonly caseId: string;
    readonly referralId: string;
    readonly previousStatus: ReReferredFrom;
    readonly area: string;
    readonly region: Region;
    readonly sector?: Sector;
    readonly concernTypes?: CodedValues;
    readonly ageAtReferral?: number;
    readonly gender?: Gender;
    /** When the police referred the person this time. */
    readonly referredAt: string;
    readonly personalDetails: CasePersonalDetails;
    readonly reReferredAt: string;
  }
>;

/**
 * The person's details, as the case holds them, were corrected (a date of birth learned, a name
 * spelt right). Only the corrected fields, sealed; the reason says where the correction came from.
 */
export type PersonalDetailsCorrected = DomainEvent<
  'PersonalDetailsCorrected',
  {
    readonly caseId: string;
    readonly corrected: Partial<Omit<CasePersonalDetails, 'concern'>>;
    readonly reason: Personal<string>;
    readonly correctedAt: string;
  }
>;

/** The person moved: the case, with its whole history, now belongs to another area's panel. */
export type CaseTransferred = DomainEvent<
  'CaseTransferred',
  {
    readonly caseId: string;
    readonly fromArea: string;
    readonly toArea: string;
    readonly toRegion: Region;
    readonly reason: Personal<string>;
    readonly transferredAt: string;
  }
>;

/** The coordinator asked a partner for what it holds, on a lawful basis (the information-sharing log). */
export type InformationRequested = DomainEvent<
  'InformationRequested',
  {
    readonly caseId: string;
    /** Chosen by the caller; names the request when its answer is recorded. */
    readonly requestId: string;
    readonly partnerAgency: Agency;
    /** The partner organisation and contact: may identify the person (their school), so sealed. */
    readonly partner: Personal<{ organisation: string; contact?: string }>;
    readonly lawfulBasis: LawfulBasis;
    readonly request: Personal<string>;
    readonly requestedAt: string;
  }
>;

/** A partner's answer to a request, and the lawful basis on which they shared it. */
export type InformationReceived = DomainEvent<
  'InformationReceived',
  {
    readonly caseId: string;
    readonly requestId: string;
    readonly lawfulBasis: LawfulBasis;
    readonly information: Personal<string>;
    readonly receivedAt: string;
  }
>;

/** The case is on the agenda of a panel meeting (the meeting's stream has its `CaseAddedToAgenda`). */
export type CaseListedForMeeting = DomainEvent<
  'CaseListedForMeeting',
  {
    readonly caseId: string;
    readonly meetingId: string;
    /** When the meeting takes place. */
    readonly meetingDate: string;
    readonly listedAt: string;
  }
>;

/** One dimension of an assessment as the panel rated it. */
export interface AssessmentAnswer {
  /** The template's dimension code (`engagement`). */
  readonly dimension: string;
  /** One of the dimension's rating codes. */
  readonly rating: string;
  readonly notes: Personal<string>;
}

/**
 * The panel assessed the case against the current template (held as data, id and version). The
 * first assessment has `assessmentNumber` 1; a later one also records what changed since the last
 * one and a management plan. Every assessment has a summary conclusion.
 */
export type CaseAssessed = DomainEvent<
  'CaseAssessed',
  {
    readonly caseId: string;
    readonly assessmentNumber: number;
    readonly meetingId?: string;
    readonly templateId: string;
    readonly templateVersion: number;
    readonly answers: readonly AssessmentAnswer[];
    readonly whatChanged?: Personal<string>;
    readonly summaryConclusion: Personal<string>;
    readonly managementPlan?: Personal<string>;
    readonly assessedAt: string;
  }
>;

/** The case was discussed at a quorate meeting (with a decision or a review). */
export type CaseDiscussedAtPanel = DomainEvent<
  'CaseDiscussedAtPanel',
  {
    readonly caseId: string;
    readonly meetingId: string;
    /** True the first time: the release's "discussed at a panel" stage. */
    readonly firstDiscussion: boolean;
    readonly discussedAt: string;
  }
>;

/** The panel adopted the person as a Channel case: support is necessary and proportionate; consent follows. */
export type CaseAdopted = DomainEvent<
  'CaseAdopted',
  {
    readonly caseId: string;
    readonly meetingId: string;
    readonly rationale: Personal<string>;
    readonly adoptedAt: string;
  }
>;

/**
 * The panel decided not to adopt: referred to other services (`referredTo` names them), no further
 * action, or returned to the police (a {@link CaseReturnedToPolice} follows).
 */
export type CaseNotAdopted = DomainEvent<
  'CaseNotAdopted',
  {
    readonly caseId: string;
    readonly meetingId: string;
    readonly outcome: NotAdoptedOutcome;
    readonly referredTo?: CodedValues;
    readonly rationale: Personal<string>;
    readonly decidedAt: string;
  }
>;

/** The panel deferred its decision for more information; the case is listed again. */
export type CaseDeferred = DomainEvent<
  'CaseDeferred',
  {
    readonly caseId: string;
    readonly meetingId: string;
    readonly rationale: Personal<string>;
    readonly deferredAt: string;
  }
>;

/** Who consented (or refused, or withdrew): the person, or a parent or guardian when the person is under 18. */
export const CONSENT_GIVERS = ['subject', 'parent-or-guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

/** How consent was given or refused. */
export const CONSENT_METHODS = ['in-person', 'in-writing', 'by-phone', 'by-video-call', 'other'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/**
 * Consent to support was given, refused or withdrawn (consent to share information is another
 * thing). `consentedOn` is the day it was given; `subjectAgeOnDate` the person's age that day, as
 * the handler derived it from the sealed date of birth: a person under 18 cannot consent alone.
 */
export type ConsentRecorded = DomainEvent<
  'ConsentRecorded',
  {
    readonly caseId: string;
    readonly outcome: 'given' | 'refused' | 'withdrawn';
    readonly givenBy: ConsentGiver;
    /** The parent or guardian: `{ name, relationship }`. */
    readonly consenter?: Personal<{ name: string; relationship?: string }>;
    readonly subjectAgeOnDate: number;
    readonly consentedOn: string;
    readonly method: ConsentMethod;
    readonly capacityConsideration?: Personal<string>;
    readonly recordedAt: string;
  }
>;

/**
 * The case went back to the police: not adopted and police-led, consent refused or withdrawn, risk
 * escalated, or concerns remaining at exit. `riskView` is the panel's view of the risk.
 */
export type CaseReturnedToPolice = DomainEvent<
  'CaseReturnedToPolice',
  {
    readonly caseId: string;
    readonly referralId?: string;
    readonly reason: ReturnToPoliceReason;
    readonly riskView?: Personal<string>;
    readonly returnedAt: string;
  }
>;

/** Where an intervention stands. */
export const INTERVENTION_STATUSES = ['planned', 'active', 'paused', 'completed', 'stopped'] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

/**
 * The versioned code list of intervention types (domain §4.7), as `SupportStarted` names it; the
 * reporting service maps between versions.
 */
export const INTERVENTION_TYPE_CODE_LIST = 'intervention-types-2024';
export const INTERVENTION_TYPES = [
  'ideological-mentoring',
  'theological-mentoring',
  'mental-health',
  'education-or-training',
  'careers-and-employment',
  'housing',
  'family-support',
  'youth-or-diversionary-activity',
  'substance-misuse',
  'social-care',
  'online-safety',
  'life-skills',
  'other',
] as const;
export type InterventionType = (typeof INTERVENTION_TYPES)[number];

/** An intervention was added to the support plan. `providerId` assigns an intervention provider to the case. */
export type InterventionPlanned = DomainEvent<
  'InterventionPlanned',
  {
    readonly caseId: string;
    readonly interventionId: string;
    readonly interventionType: { readonly codeList: string; readonly code: string };
    readonly ownerAgency: Agency;
    /** The intervention provider's user id, when a provider delivers it. */
    readonly providerId?: string;
    readonly startDate: string;
    readonly description: Personal<string>;
    readonly plannedAt: string;
  }
>;

/** An intervention's status changed (started, paused, completed, stopped). */
export type InterventionStatusChanged = DomainEvent<
  'InterventionStatusChanged',
  {
    readonly caseId: string;
    readonly interventionId: string;
    readonly from: InterventionStatus;
    readonly to: InterventionStatus;
    readonly changedAt: string;
  }
>;

/** The first intervention of an adopted, consenting case started. */
export type SupportStarted = DomainEvent<
  'SupportStarted',
  { readonly caseId: string; readonly interventionTypes: CodedValues; readonly startedAt: string }
>;

/** Consent was withdrawn: every intervention still running stopped. */
export type SupportStopped = DomainEvent<
  'SupportStopped',
  { readonly caseId: string; readonly interventionIds: readonly string[]; readonly stoppedAt: string }
>;

/** Whether the person came to a session. */
export const SESSION_ATTENDANCE = ['attended', 'did-not-attend', 'cancelled'] as const;
export type SessionAttendance = (typeof SESSION_ATTENDANCE)[number];

/** A session of an intervention took place (or was missed), as its provider or owner recorded it. */
export type InterventionSessionRecorded = DomainEvent<
  'InterventionSessionRecorded',
  {
    readonly caseId: string;
    readonly interventionId: string;
    readonly sessionId: string;
    readonly sessionDate: string;
    readonly attendance: SessionAttendance;
    readonly notes: Personal<string>;
    readonly recordedAt: string;
  }
>;

/** A progress update on an intervention. */
export type InterventionProgressRecorded = DomainEvent<
  'InterventionProgressRecorded',
  {
    readonly caseId: string;
    readonly interventionId: string;
    readonly progress: Personal<string>;
    readonly recordedAt: string;
  }
>;

/** The panel's view of the risk now, at a review. */
export const RISK_TRENDS = ['reduced', 'unchanged', 'increased'] as const;
export type RiskTrend = (typeof RISK_TRENDS)[number];

/** What a review decided: carry on, or move to exit. */
export const REVIEW_DECISIONS = ['continue-support', 'prepare-exit'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The panel reviewed an adopted case at a quorate meeting: progress, the risk now, whether to continue. */
export type CaseReviewed = DomainEvent<
  'CaseReviewed',
  {
    readonly caseId: string;
    readonly meetingId: string;
    readonly reviewNumber: number;
    readonly progress: Personal<string>;
    readonly riskNow: RiskTrend;
    readonly decision: ReviewDecision;
    readonly reviewedAt: string;
  }
>;

/** A review after exit that falls due on a day. */
export interface ScheduledPostExitReview {
  readonly review: PostExitReview;
  /** ISO date: 6 or 12 calendar months after the exit day. */
  readonly dueOn: string;
}

/**
 * The person left Channel with an exit outcome and a closing report; the 6- and 12-month reviews
 * are scheduled. With `concerns-remain-passed-to-police` a {@link CaseReturnedToPolice} follows.
 */
export type CaseClosed = DomainEvent<
  'CaseClosed',
  {
    readonly caseId: string;
    readonly exitOutcome: ExitOutcome;
    readonly exitedOn: string;
    readonly closingReport: Personal<string>;
    readonly postExitReviews: readonly ScheduledPostExitReview[];
    readonly closedAt: string;
  }
>;

/** A post-exit review was completed. */
export type PostExitReviewCompleted = DomainEvent<
  'PostExitReviewCompleted',
  {
    readonly caseId: string;
    readonly review: PostExitReview;
    readonly outcome: PostExitReviewOutcome;
    readonly dueOn: string;
    readonly notes: Personal<string>;
    readonly completedAt: string;
  }
>;

export type ChannelCaseEvent =
  | CaseOpened
  | CaseReReferred
  | PersonalDetailsCorrected
  | CaseTransferred
  | InformationRequested
  | InformationReceived
  | CaseListedForMeeting
  | CaseAssessed
  | CaseDiscussedAtPanel
  | CaseAdopted
  | CaseNotAdopted
  | CaseDeferred
  | ConsentRecorded
  | CaseReturnedToPolice
  | InterventionPlanned
  | InterventionStatusChanged
  | SupportStarted
  | SupportStopped
  | InterventionSessionRecorded
  | InterventionProgressRecorded
  | CaseReviewed
  | CaseClosed
  | PostExitReviewCompleted;

export type ChannelCaseEventType = ChannelCaseEvent['type'];

export const CHANNEL_CASE_EVENT_TYPES: readonly ChannelCaseEventType[] = [
  'CaseOpened',
  'CaseReReferred',
  'PersonalDetailsCorrected',
  'CaseTransferred',
  'InformationRequested',
  'InformationReceived',
  'CaseListedForMeeting',
  'CaseAssessed',
  'CaseDiscussedAtPanel',
  'CaseAdopted',
  'CaseNotAdopted',
  'CaseDeferred',
  'ConsentRecorded',
  'CaseReturnedToPolice',
  'InterventionPlanned',
  'InterventionStatusChanged',
  'SupportStarted',
  'SupportStopped',
  'InterventionSessionRecorded',
  'InterventionProgressRecorded',
  'CaseReviewed',
  'CaseClosed',
  'PostExitReviewCompleted',
];

/** The events a work list treats as activity on an intervention (a session or an update). */
export const INTERVENTION_ACTIVITY_EVENT_TYPES: readonly ChannelCaseEventType[] = [
  'InterventionStatusChanged',
  'InterventionSessionRecorded',
  'InterventionProgressRecorded',
];
