import type {
  CodedValues,
  Gender,
  ReferralOutcome,
  Region,
  ReturnToPoliceReason,
  Sector,
  WithdrawalReason,
} from '@lib/contracts';
import type { AssessmentTemplate } from '../../assessment-templates/domain/assessment-template.js';
import type { Personal } from './personal.js';
import type { Concern, LawfulBasis, ReceivedVia, Referrer, SubjectAwareness } from './referral.events.js';

/**
 * Commands on a referral. Personal values arrive already sealed under the subject's key (the
 * handler seals them before deciding), so the decider never holds plain personal data and copies
 * envelopes field by field into events.
 */

/** Who acts, as the handler read it from the verified token: a user id and the role acted in. */
export interface Officer {
  readonly id: string;
  readonly role: string;
}

/** Record a new referral for a subject already registered (or linked) by the handler. */
export interface ReceiveReferral {
  readonly type: 'ReceiveReferral';
  readonly referralId: string;
  readonly subjectId: string;
  readonly receivedVia: ReceivedVia;
  readonly area: string;
  readonly region: Region;
  readonly sector: Sector;
  readonly concernTypes: CodedValues;
  readonly gender: Gender;
  /** Derived by the handler with {@link ageOn} from the date of birth, when known. */
  readonly ageAtReferral?: number;
  readonly subjectAware: SubjectAwareness;
  readonly referrer: Personal<Referrer>;
  readonly concern: Personal<Concern>;
  readonly requestFingerprint?: Personal<string>;
}

export interface AcknowledgeReferral {
  readonly type: 'AcknowledgeReferral';
  readonly referralId: string;
}

/** Assign the referral to an officer, or move it to another one. */
export interface AssignOfficer {
  readonly type: 'AssignOfficer';
  readonly referralId: string;
  readonly officerId: string;
}

/** The result of the de-confliction check: `clear`, or a `live-investigation` (which closes the referral). */
export const DECONFLICTION_RESULTS = ['clear', 'live-investigation'] as const;
export type DeconflictionResult = (typeof DECONFLICTION_RESULTS)[number];

export interface RecordDeconfliction {
  readonly type: 'RecordDeconfliction';
  readonly referralId: string;
  readonly result: DeconflictionResult;
}

export interface RequestInformation {
  readonly type: 'RequestInformation';
  readonly referralId: string;
  readonly requestId: string;
  readonly partnerSector: Sector;
  readonly partner: Personal<{ organisation: string; contact?: string }>;
  readonly lawfulBasis: LawfulBasis;
  readonly request: Personal<string>;
}

export interface RecordInformationReceived {
  readonly type: 'RecordInformationReceived';
  readonly referralId: string;
  readonly requestId: string;
  readonly lawfulBasis: LawfulBasis;
  readonly information: Personal<string>;
}

export interface RecordGatewayAssessment {
  readonly type: 'RecordGatewayAssessment';
  readonly referralId: string;
  /** The template the answers follow, as loaded by the handler from the templates held as data. */
  readonly template: AssessmentTemplate;
  readonly answers: readonly { dimension: string; rating: string; notes: Personal<string> }[];
  readonly summary: Personal<string>;
}

export interface DecideReferral {
  readonly type: 'DecideReferral';
  readonly referralId: string;
  readonly outcome: ReferralOutcome;
  readonly signpostedTo?: CodedValues;
  readonly mashReferral?: boolean;
  readonly channelArea?: string;
  readonly decidedBy: Officer;
  readonly rationale: Personal<string>;
}

export interface SignOffDecision {
  readonly type: 'SignOffDecision';
  readonly referralId: string;
  readonly supervisor: Officer;
  readonly comment?: Personal<string>;
}

/** Sent by the consumer of the Channel panel's `CaseReturnedToPolice`. */
export interface ReopenReferral {
  readonly type: 'ReopenReferral';
  readonly referralId: string;
  readonly caseId: string;
  readonly returnReason: ReturnToPoliceReason;
}

/** Correct the referral's statistical profile; only the fields given change. */
export interface CorrectReferralDetails {
  readonly type: 'CorrectReferralDetails';
  readonly referralId: string;
  readonly area?: string;
  readonly region?: Region;
  readonly sector?: Sector;
  readonly concernTypes?: CodedValues;
  readonly gender?: Gender;
  readonly ageAtReferral?: number;
  readonly reason: Personal<string>;
}

export interface LinkReferralToSubject {
  readonly type: 'LinkReferralToSubject';
  readonly referralId: string;
  readonly subjectId: string;
}

export interface WithdrawReferral {
  readonly type: 'WithdrawReferral';
  readonly referralId: string;
  readonly reason: WithdrawalReason;
  readonly explanation: Personal<string>;
}

export type ReferralCommand =
  | ReceiveReferral
  | AcknowledgeReferral
  | AssignOfficer
  | RecordDeconfliction
  | RequestInformation
  | RecordInformationReceived
  | RecordGatewayAssessment
  | DecideReferral
  | SignOffDecision
  | ReopenReferral
  | CorrectReferralDetails
  | LinkReferralToSubject
  | WithdrawReferral;

export type ReferralCommandType = ReferralCommand['type'];

/**
 * Whole years between a date of birth and a day, both ISO dates (`YYYY-MM-DD`): the age at
 * referral. A person born on 29 February turns a year older on 1 March in other years.
 */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  const birthdayPassed = m > bm || (m === bm && d >= bd);
  return y - by - (birthdayPassed ? 0 : 1);
}
