import type {
  CaseOrigin,
  CodedValues,
  ExitOutcome,
  Gender,
  NotAdoptedOutcome,
  PostExitReview,
  PostExitReviewOutcome,
  Region,
  Sector,
} from '@lib/contracts';
import type {
  Agency,
  AssessmentAnswer,
  CasePersonalDetails,
  ConsentGiver,
  ConsentMethod,
  InterventionStatus,
  LawfulBasis,
  ReviewDecision,
  RiskTrend,
  SessionAttendance,
} from './channel-case.events.js';
import type { Personal } from './personal.js';

/**
 * Commands on a Channel case. Personal values arrive already sealed under the subject's key (the
 * handler seals them, or they come sealed from the intake), so the decider never holds plain
 * personal data and copies envelopes field by field into events. Facts the decider cannot read
 * itself (a meeting's quorum, the person's age on a day, the assessment template) are read by the
 * handler and carried in the command, so the domain stays pure.
 */

/** Who acts, as the handler read it from the verified token. */
export interface Actor {
  readonly id: string;
  readonly role: string;
}

/**
 * A panel meeting as a case command needs it, read by the handler from the meeting's stream
 * (`meetingFacts` in `panel-meeting.ts`).
 */
export interface MeetingFacts {
  readonly meetingId: string;
  readonly area: string;
  /** ISO instant the meeting is (or was) held. */
  readonly date: string;
  /** The chair and the police were recorded present (domain §4.3). */
  readonly quorate: boolean;
  readonly cancelled: boolean;
  /** The case is on the meeting's agenda. */
  readonly caseOnAgenda: boolean;
}

/**
 * Open a case: sent by the consumer of the intake's `ReferredToChannel` (origin `police-referral`,
 * `caseId` = `referralId`, so a redelivery opens nothing twice) or by the local authority's own
 * opening (origin `local-authority`, statistical profile required). The same referral sent again
 * after the panel's part was over (returned to the police, not adopted, exited) is a re-referral:
 * the case reopens (`CaseReReferred`).
 */
export interface OpenCase {
  readonly type: 'OpenCase';
  readonly caseId: string;
  readonly origin: CaseOrigin;
  readonly referralId?: string;
  readonly subjectId: string;
  readonly area: string;
  readonly region: Region;
  readonly sector?: Sector;
  readonly concernTypes?: CodedValues;
  readonly ageAtReferral?: number;
  readonly gender?: Gender;
  readonly referredAt: string;
  /** As they arrive: envelopes sealed under `subjectId`'s key, never decrypted to be stored. */
  readonly personalDetails: CasePersonalDetails;
  readonly requestFingerprint?: Personal<string>;
}

/**
 * Correct the person's details on the case (any of name, other names, date of birth, address),
 * sealed under the subject's key by the handler, with the reason.
 */
export interface CorrectPersonalDetails {
  readonly type: 'CorrectPersonalDetails';
  readonly caseId: string;
  readonly corrected: Partial<Omit<CasePersonalDetails, 'concern'>>;
  readonly reason: Personal<string>;
}

export interface TransferCase {
  readonly type: 'TransferCase';
  readonly caseId: string;
  readonly toArea: string;
  readonly toRegion: Region;
  readonly reason: Personal<string>;
}

export interface RequestInformation {
  readonly type: 'RequestInformation';
  readonly caseId: string;
  readonly requestId: string;
  readonly partnerAgency: Agency;
  readonly partner: Personal<{ organisation: string; contact?: string }>;
  readonly lawfulBasis: LawfulBasis;
  readonly request: Personal<string>;
}

export interface RecordInformationReceived {
  readonly type: 'RecordInformationReceived';
  readonly caseId: string;
  readonly requestId: string;
  readonly lawfulBasis: LawfulBasis;
  readonly information: Personal<string>;
}

export interface ListCaseForMeeting {
  readonly type: 'ListCaseForMeeting';
  readonly caseId: string;
  readonly meeting: MeetingFacts;
}

/** The template the answers follow, as the handler loaded it (held as data). */
export interface AssessmentTemplateFacts {
  readonly id: string;
  readonly version: number;
  readonly dimensions: readonly { readonly code: string; readonly ratings: readonly { readonly code: string }[] }[];
}

export interface RecordAssessment {
  readonly type: 'RecordAssessment';
  readonly caseId: string;
  readonly meetingId?: string;
  readonly template: AssessmentTemplateFacts;
  readonly answers: readonly AssessmentAnswer[];
  /** Required from the second assessment on. */
  readonly whatChanged?: Personal<string>;
  readonly summaryConclusion: Personal<string>;
  /** Required from the second assessment on. */
  readonly managementPlan?: Personal<string>;
}

/** What the panel decided about a case: adopt, not adopt (with the outcome), or defer. */
export type PanelDecision =
  | { readonly decision: 'adopt' }
  | { readonly decision: 'not-adopted'; readonly outcome: NotAdoptedOutcome; readonly referredTo?: CodedValues }
  | { readonly decision: 'defer' };

export interface DecideCase {
  readonly type: 'DecideCase';
  readonly caseId: string;
  readonly meeting: MeetingFacts;
  readonly decision: PanelDecision;
  readonly rationale: Personal<string>;
  /** With `returned-to-police`: the panel's view of the risk, passed with the case. */
  readonly riskView?: Personal<string>;
}

/**
 * Record consent to support (given or refused). `subjectAgeOnDate` is the person's age on
 * `consentedOn`, derived by the handler from the sealed date of birth (absent when unknown).
 */
export interface RecordConsent {
  readonly type: 'RecordConsent';
  readonly caseId: string;
  readonly outcome: 'given' | 'refused';
  readonly givenBy: ConsentGiver;
  readonly consenter?: Personal<{ name: string; relationship?: string }>;
  readonly subjectAgeOnDate?: number;
  readonly consentedOn: string;
  readonly method: ConsentMethod;
  readonly capacityConsideration?: Personal<string>;
  readonly riskView?: Personal<string>;
}

/** Consent withdrawn: support stops and the case goes back to the police. */
export interface WithdrawConsent {
  readonly type: 'WithdrawConsent';
  readonly caseId: string;
  readonly givenBy: ConsentGiver;
  readonly consenter?: Personal<{ name: string; relationship?: string }>;
  readonly subjectAgeOnDate?: number;
  readonly consentedOn: string;
  readonly method: ConsentMethod;
  readonly capacityConsideration?: Personal<string>;
  readonly riskView?: Personal<string>;
}

export interface PlanIntervention {
  readonly type: 'PlanIntervention';
  readonly caseId: string;
  readonly interventionId: string;
  readonly interventionType: { readonly codeList: string; readonly code: string };
  readonly ownerAgency: Agency;
  readonly providerId?: string;
  readonly startDate: string;
  readonly description: Personal<string>;
}

/** Start, pause, resume (to `active`), complete or stop an intervention. */
export interface ChangeInterventionStatus {
  readonly type: 'ChangeInterventionStatus';
  readonly caseId: string;
  readonly interventionId: string;
  readonly status: Exclude<InterventionStatus, 'planned'>;
}

export interface RecordInterventionSession {
  readonly type: 'RecordInterventionSession';
  readonly caseId: string;
  readonly interventionId: string;
  readonly sessionId: string;
  readonly sessionDate: string;
  readonly attendance: SessionAttendance;
  readonly notes: Personal<string>;
  /** An intervention provider may record sessions only on the interventions they deliver. */
  readonly recordedBy: Actor;
}

export interface RecordInterventionProgress {
  readonly type: 'RecordInterventionProgress';
  readonly caseId: string;
  readonly interventionId: string;
  readonly progress: Personal<string>;
  readonly recordedBy: Actor;
}

export interface ReviewCase {
  readonly type: 'ReviewCase';
  readonly caseId: string;
  readonly meeting: MeetingFacts;
  readonly progress: Personal<string>;
  readonly riskNow: RiskTrend;
  readonly decision: ReviewDecision;
}

export interface ExitCase {
  readonly type: 'ExitCase';
  readonly caseId: string;
  readonly exitOutcome: ExitOutcome;
  /** ISO date the person left Channel: the post-exit reviews fall due 6 and 12 months later. */
  readonly exitedOn: string;
  readonly closingReport: Personal<string>;
  /** With `concerns-remain-passed-to-police`: the panel's view of the risk. */
  readonly riskView?: Personal<string>;
}

export interface RecordPostExitReview {
  readonly type: 'RecordPostExitReview';
  readonly caseId: string;
  readonly review: PostExitReview;
  readonly outcome: PostExitReviewOutcome;
  readonly notes: Personal<string>;
}

/** The risk escalated while the case was with the panel: it goes back to the police. */
export interface ReturnCaseToPolice {
  readonly type: 'ReturnCaseToPolice';
  readonly caseId: string;
  readonly riskView: Personal<string>;
}

export type ChannelCaseCommand =
  | OpenCase
  | CorrectPersonalDetails
  | TransferCase
  | RequestInformation
  | RecordInformationReceived
  | ListCaseForMeeting
  | RecordAssessment
  | DecideCase
  | RecordConsent
  | WithdrawConsent
  | PlanIntervention
  | ChangeInterventionStatus
  | RecordInterventionSession
  | RecordInterventionProgress
  | ReviewCase
  | ExitCase
  | RecordPostExitReview
  | ReturnCaseToPolice;

export type ChannelCaseCommandType = ChannelCaseCommand['type'];

/**
 * Whole years between a date of birth and a day, both ISO dates (`YYYY-MM-DD`). A person born on
 * 29 February turns a year older on 1 March in other years.
 */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.slice(0, 10).split('-').map(Number);
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  const birthdayPassed = m > bm || (m === bm && d >= bd);
  return y - by - (birthdayPassed ? 0 : 1);
}
