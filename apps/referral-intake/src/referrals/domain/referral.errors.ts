import {
  DomainError,
  RevisionRequiredError as BaseRevisionRequiredError,
  StaleRevisionError as BaseStaleRevisionError,
} from '@lib/domain';

/**
 * Refusals of the referral decider (and of its handlers). Each code is stable: clients match on
 * it, the problem body's `type` ends with it. Messages carry ids and codes only, never personal data.
 */
export abstract class ReferralError extends DomainError {}

/** No referral with this id, or one outside the caller's area (the same answer, on purpose). */
export class ReferralNotFoundError extends ReferralError {
  readonly code = 'referral.not-found';
  readonly kind = 'not-found' as const;
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} was not found`);
    this.name = 'ReferralNotFoundError';
  }
}

export class ReferralAlreadyReceivedError extends ReferralError {
  readonly code = 'referral.already-received';
  readonly kind = 'conflict' as const;
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} has already been received`);
    this.name = 'ReferralAlreadyReceivedError';
  }
}

/** An Idempotency-Key was used again with a different request. */
export class IdempotencyKeyReusedError extends ReferralError {
  readonly code = 'referral.idempotency-key-reused';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('This Idempotency-Key was already used for a different referral request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The referral was withdrawn: nothing more can be recorded on it. */
export class ReferralWithdrawnError extends ReferralError {
  readonly code = 'referral.withdrawn';
  readonly kind = 'conflict' as const;
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} was withdrawn`);
    this.name = 'ReferralWithdrawnError';
  }
}

/** The referral was closed because de-confliction found a live counter-terrorism investigation. */
export class ReferralClosedError extends ReferralError {
  readonly code = 'referral.closed';
  readonly kind = 'conflict' as const;
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} is closed`);
    this.name = 'ReferralClosedError';
  }
}

/** The referral has a decision: triage, a second decision or a withdrawal must wait for a reopening. */
export class ReferralAlreadyDecidedError extends ReferralError {
  readonly code = 'referral.already-decided';
  readonly kind = 'conflict' as const;
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} has already been decided`);
    this.name = 'ReferralAlreadyDecidedError';
  }
}

/** A decision needs de-confliction recorded as clear first (domain §3.2). */
export class DeconflictionNotClearError extends ReferralError {
  readonly code = 'referral.deconfliction-not-clear';
  readonly kind = 'rule-violated' as const;
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} cannot be decided before de-confliction is recorded as clear`);
    this.name = 'DeconflictionNotClearError';
  }
}

/** A decision follows the gateway assessment. */
export class GatewayAssessmentMissingError extends ReferralError {
  readonly code = 'referral.assessment-missing';
  readonly kind = 'rule-violated' as const;
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} cannot be decided before its gateway assessment is recorded`);
    this.name = 'GatewayAssessmentMissingError';
  }
}

export class ChannelAreaRequiredError extends ReferralError {
  readonly code = 'referral.channel-area-required';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('A referral to Channel names the area whose panel receives it');
    this.name = 'ChannelAreaRequiredError';
  }
}

export class SignpostingServiceRequiredError extends ReferralError {
  readonly code = 'referral.signposting-service-required';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('A signposting decision names at least one service');
    this.name = 'SignpostingServiceRequiredError';
  }
}

/** Services signposted to, a Channel area or a MASH referral given with an outcome that has none. */
export class OutcomeDetailNotApplicableError extends ReferralError {
  readonly code = 'referral.outcome-detail-not-applicable';
  readonly kind = 'rule-violated' as const;
  constructor(
    readonly outcome: string,
    readonly field: string,
  ) {
    super(`${field} does not apply to the outcome ${outcome}`);
    this.name = 'OutcomeDetailNotApplicableError';
  }
}

export class NoDecisionToSignOffError extends ReferralError {
  readonly code = 'referral.no-decision-to-sign-off';
  readonly kind = 'conflict' as const;
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} has no decision awaiting sign-off`);
    this.name = 'NoDecisionToSignOffError';
  }
}

export class SignOffRequiresSupervisorError extends ReferralError {
  readonly code = 'referral.sign-off-requires-supervisor';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('A decision is signed off by a police supervisor');
    this.name = 'SignOffRequiresSupervisorError';
  }
}

/** Four eyes: the supervisor who signs off is not the officer who decided. */
export class SignOffBySameOfficerError extends ReferralError {
  readonly code = 'referral.sign-off-by-decider';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('A decision cannot be signed off by the officer who made it');
    this.name = 'SignOffBySameOfficerError';
  }
}

export class AssessmentAnswersInvalidError extends ReferralError {
  readonly code = 'referral.assessment-answers-invalid';
  readonly kind = 'rule-violated' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(readonly problems: readonly string[]) {
    super(`The answers do not follow the assessment template: ${problems.join('; ')}`);
    this.name = 'AssessmentAnswersInvalidError';
    this.details = { problems };
  }
}

export class AssessmentTemplateNotFoundError extends ReferralError {
  readonly code = 'referral.assessment-template-not-found';
  readonly kind = 'rule-violated' as const;
  constructor(
    readonly templateId: string,
    readonly version: number,
  ) {
    super(`No assessment template ${templateId} version ${version}`);
    this.name = 'AssessmentTemplateNotFoundError';
  }
}

export class InformationRequestNotFoundError extends ReferralError {
  readonly code = 'referral.information-request-not-found';
  readonly kind = 'rule-violated' as const;
  constructor(readonly requestId: string) {
    super(`No information request ${requestId} on this referral`);
    this.name = 'InformationRequestNotFoundError';
  }
}

export class InformationRequestAlreadyAnsweredError extends ReferralError {
  readonly code = 'referral.information-request-answered';
  readonly kind = 'conflict' as const;
  constructor(readonly requestId: string) {
    super(`Information request ${requestId} already has its reply`);
    this.name = 'InformationRequestAlreadyAnsweredError';
  }
}

/** Only a referral referred to Channel can come back from Channel. */
export class ReferralNotWithChannelError extends ReferralError {
  readonly code = 'referral.not-with-channel';
  readonly kind = 'conflict' as const;
  constructor(readonly referralId: string) {
    super(`Referral ${referralId} is not with a Channel panel`);
    this.name = 'ReferralNotWithChannelError';
  }
}

export class NothingToCorrectError extends ReferralError {
  readonly code = 'referral.nothing-to-correct';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('A correction changes at least one field');
    this.name = 'NothingToCorrectError';
  }
}

/** The caller's If-Match names a revision the record has moved past: nothing was recorded. */
export class StaleRevisionError extends BaseStaleRevisionError {
  readonly code = 'referral.stale-revision';
}

/** A state-changing request without If-Match. */
export class RevisionRequiredError extends BaseRevisionRequiredError {
  readonly code = 'referral.if-match-required';
  constructor() {
    super('a referral');
  }
}
