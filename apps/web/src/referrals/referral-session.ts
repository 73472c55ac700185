/**
 * What the referral pages keep in the user's session (server-side, in PostgreSQL): the answers of
 * a new referral between its steps, and what was recorded, for the confirmation pages.
 */

/** The answers of one step, as the user typed them (and as they passed the step's checks). */
export type StepAnswers = Readonly<Record<string, string | readonly string[]>>;

/** A new referral being keyed in: made when the flow starts, with the key that makes its submission idempotent. */
export interface ReferralDraft {
  readonly idempotencyKey: string;
  readonly startedAt: number;
  readonly person?: StepAnswers;
  /** The earlier record of the person the officer chose to link the referral to, if any. */
  readonly link?: EarlierRecord;
  /** Whether the officer answered the earlier-records question (linking or not). */
  readonly linkAnswered?: boolean;
  readonly concern?: StepAnswers;
  readonly referrer?: StepAnswers;
}

/** An earlier record of the person (a subject of the intake), as the officer chose it. */
export interface EarlierRecord {
  readonly subjectId: string;
  readonly name: string;
  readonly dateOfBirth: string;
  readonly area: string;
}

/** The referral a draft became: a second submit of the same draft finds it here. */
export interface SubmittedReferral {
  readonly idempotencyKey: string;
  readonly referralId: string;
  readonly receivedAt: string;
}

/** A partner's submission: only its reference and time, the partner reads nothing else. */
export interface PartnerAcknowledgement {
  readonly idempotencyKey: string;
  readonly reference: string;
  readonly receivedAt: string;
}

declare module 'express-session' {
  interface SessionData {
    referralDraft?: ReferralDraft;
    submittedReferral?: SubmittedReferral;
    partnerAcknowledgement?: PartnerAcknowledgement;
  }
}
