import {
  DomainError,
  RevisionRequiredError as BaseRevisionRequiredError,
  StaleRevisionError as BaseStaleRevisionError,
} from '@lib/domain';

/**
 * Refusals of the Channel case decider (and of its handlers). Each code is stable: clients match on
 * it, the problem body's `type` ends with it. Messages carry ids and codes only, never personal data.
 */
export abstract class ChannelCaseError extends DomainError {}

/** No case with this id, or one outside the caller's reach (the same answer, on purpose). */
export class CaseNotFoundError extends ChannelCaseError {
  readonly code = 'channel-case.not-found';
  readonly kind = 'not-found' as const;
  constructor(readonly caseId: string) {
    super(`Channel case ${caseId} was not found`);
    this.name = 'CaseNotFoundError';
  }
}

/** A case with this id exists and was opened from another referral or request. */
export class CaseAlreadyOpenedError extends ChannelCaseError {
  readonly code = 'channel-case.already-opened';
  readonly kind = 'conflict' as const;
  constructor(readonly caseId: string) {
    super(`Channel case ${caseId} is already open`);
    this.name = 'CaseAlreadyOpenedError';
  }
}

/** An Idempotency-Key was used again with a different request. */
export class IdempotencyKeyReusedError extends ChannelCaseError {
  readonly code = 'channel-case.idempotency-key-reused';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('This Idempotency-Key was already used for a different request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** A case opened by the local authority carries its own statistical profile (no referral does). */
export class CaseProfileRequiredError extends ChannelCaseError {
  readonly code = 'channel-case.profile-required';
  readonly kind = 'rule-violated' as const;
  constructor(readonly field: string) {
    super(`A case the local authority opens itself records its ${field}`);
    this.name = 'CaseProfileRequiredError';
  }
}

/** A police referral's case id is the referral id; a local-authority case has no referral. */
export class ReferralIdMismatchError extends ChannelCaseError {
  readonly code = 'channel-case.referral-id-mismatch';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('A case opened from a police referral has the referral id as its id');
    this.name = 'ReferralIdMismatchError';
  }
}

/** The case left Channel: only its post-exit reviews remain to be recorded. */
export class CaseClosedError extends ChannelCaseError {
  readonly code = 'channel-case.closed';
  readonly kind = 'conflict' as const;
  constructor(readonly caseId: string) {
    super(`Channel case ${caseId} is closed`);
    this.name = 'CaseClosedError';
  }
}

/** The case went back to the police (or was not adopted): the panel records nothing more on it. */
export class CaseWithPoliceError extends ChannelCaseError {
  readonly code = 'channel-case.with-police';
  readonly kind = 'conflict' as const;
  constructor(readonly caseId: string) {
    super(`Channel case ${caseId} went back to the police`);
    this.name = 'CaseWithPoliceError';
  }
}

/** A correction of the person's details names at least one detail. */
export class NothingToCorrectError extends ChannelCaseError {
  readonly code = 'channel-case.nothing-to-correct';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('A correction names at least one of the person’s details');
    this.name = 'NothingToCorrectError';
  }
}

/** Exit with "consent withdrawn" follows a recorded withdrawal of consent. */
export class ConsentNotWithdrawnError extends ChannelCaseError {
  readonly code = 'channel-case.consent-not-withdrawn';
  readonly kind = 'rule-violated' as const;
  constructor(readonly caseId: string) {
    super(`Consent for case ${caseId} was not withdrawn: record the withdrawal first`);
    this.name = 'ConsentNotWithdrawnError';
  }
}

/** A transfer names another area. */
export class TransferToSameAreaError extends ChannelCaseError {
  readonly code = 'channel-case.transfer-to-same-area';
  readonly kind = 'rule-violated' as const;
  constructor(readonly area: string) {
    super(`The case is already with the panel of ${area}`);
    this.name = 'TransferToSameAreaError';
  }
}

export class InformationRequestNotFoundError extends ChannelCaseError {
  readonly code = 'channel-case.information-request-not-found';
  readonly kind = 'rule-violated' as const;
  constructor(readonly requestId: string) {
    super(`No information request ${requestId} on this case`);
    this.name = 'InformationRequestNotFoundError';
  }
}

export class InformationRequestExistsError extends ChannelCaseError {
  readonly code = 'channel-case.information-request-exists';
  readonly kind = 'conflict' as const;
  constructor(readonly requestId: string) {
    super(`Information request ${requestId} was already recorded`);
    this.name = 'InformationRequestExistsError';
  }
}

export class InformationRequestAlreadyAnsweredError extends ChannelCaseError {
  readonly code = 'channel-case.information-request-answered';
  readonly kind = 'conflict' as const;
  constructor(readonly requestId: string) {
    super(`Information request ${requestId} already has its answer`);
    this.name = 'InformationRequestAlreadyAnsweredError';
  }
}

/** A case is listed and decided at meetings of its own area's panel. */
export class MeetingInAnotherAreaError extends ChannelCaseError {
  readonly code = 'channel-case.meeting-in-another-area';
  readonly kind = 'rule-violated' as const;
  constructor(readonly meetingId: string) {
    super(`Meeting ${meetingId} is not a meeting of the case's panel`);
    this.name = 'MeetingInAnotherAreaError';
  }
}

export class MeetingCancelledError extends ChannelCaseError {
  readonly code = 'channel-case.meeting-cancelled';
  readonly kind = 'conflict' as const;
  constructor(readonly meetingId: string) {
    super(`Meeting ${meetingId} was cancelled`);
    this.name = 'MeetingCancelledError';
  }
}

/** A decision or review is made at a meeting that has the case on its agenda. */
export class CaseNotOnAgendaError extends ChannelCaseError {
  readonly code = 'channel-case.not-on-agenda';
  readonly kind = 'rule-violated' as const;
  constructor(readonly meetingId: string) {
    super(`The case is not on the agenda of meeting ${meetingId}`);
    this.name = 'CaseNotOnAgendaError';
  }
}

/** A decision (or review) is recorded only at a quorate meeting: the chair and the police present at least (domain §4.3). */
export class MeetingNotQuorateError extends ChannelCaseError {
  readonly code = 'channel-case.meeting-not-quorate';
  readonly kind = 'rule-violated' as const;
  constructor(readonly meetingId: string) {
    super(`Meeting ${meetingId} is not quorate: the chair and the police must be present`);
    this.name = 'MeetingNotQuorateError';
  }
}

export class AssessmentAnswersInvalidError extends ChannelCaseError {
  readonly code = 'channel-case.assessment-answers-invalid';
  readonly kind = 'rule-violated' as const;
  constructor(readonly problems: readonly string[]) {
    super(`The answers do not follow the assessment template: ${problems.join('; ')}`);
    this.name = 'AssessmentAnswersInvalidError';
  }
}

/** A later assessment records what changed since the last one and a management plan (domain §4.4). */
export class AssessmentChangesRequiredError extends ChannelCaseError {
  readonly code = 'channel-case.assessment-changes-required';
  readonly kind = 'rule-violated' as const;
  constructor(readonly field: string) {
    super(`A later assessment records ${field}`);
    this.name = 'AssessmentChangesRequiredError';
  }
}

/** Adopted or not adopted: the decision is taken once (a deferral leaves it open). */
export class CaseAlreadyDecidedError extends ChannelCaseError {
  readonly code = 'channel-case.already-decided';
  readonly kind = 'conflict' as const;
  constructor(readonly caseId: string) {
    super(`Channel case ${caseId} has already been decided`);
    this.name = 'CaseAlreadyDecidedError';
  }
}

export class ReferredToRequiredError extends ChannelCaseError {
  readonly code = 'channel-case.referred-to-required';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('Not adopted — referred to other services names at least one service');
    this.name = 'ReferredToRequiredError';
  }
}

export class ReferredToNotApplicableError extends ChannelCaseError {
  readonly code = 'channel-case.referred-to-not-applicable';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('Services referred to apply only to not adopted — referred to other services');
    this.name = 'ReferredToNotApplicableError';
  }
}

/** Consent, support, reviews and exit follow adoption. */
export class CaseNotAdoptedError extends ChannelCaseError {
  readonly code = 'channel-case.not-adopted';
  readonly kind = 'rule-violated' as const;
  constructor(readonly caseId: string) {
    super(`Channel case ${caseId} has not been adopted`);
    this.name = 'CaseNotAdoptedError';
  }
}

export class ConsentAlreadyGivenError extends ChannelCaseError {
  readonly code = 'channel-case.consent-already-given';
  readonly kind = 'conflict' as const;
  constructor(readonly caseId: string) {
    super(`Consent for case ${caseId} has already been given`);
    this.name = 'ConsentAlreadyGivenError';
  }
}

/** Support is voluntary: no intervention before consent is given (domain §4.6). */
export class ConsentNotGivenError extends ChannelCaseError {
  readonly code = 'channel-case.consent-not-given';
  readonly kind = 'rule-violated' as const;
  constructor(readonly caseId: string) {
    super(`Consent to support for case ${caseId} has not been given`);
    this.name = 'ConsentNotGivenError';
  }
}

/** A person under 18 on the day cannot consent alone: a parent or guardian does. */
export class ParentOrGuardianConsentRequiredError extends ChannelCaseError {
  readonly code = 'channel-case.consent-needs-parent-or-guardian';
  readonly kind = 'rule-violated' as const;
  constructor(readonly ageOnDate: number) {
    super(`The person was ${ageOnDate} on that date: a parent or guardian consents for a person under 18`);
    this.name = 'ParentOrGuardianConsentRequiredError';
  }
}

/** An adult consents (or refuses) for themselves; a parent or guardian consents only for a person under 18. */
export class SubjectConsentRequiredError extends ChannelCaseError {
  readonly code = 'channel-case.consent-by-subject';
  readonly kind = 'rule-violated' as const;
  constructor(readonly ageOnDate: number) {
    super(`The person was ${ageOnDate} on that date: an adult consents for themselves`);
    this.name = 'SubjectConsentRequiredError';
  }
}

/** Without a date of birth the under-18 rule cannot be applied, so no consent is recorded. */
export class SubjectAgeUnknownError extends ChannelCaseError {
  readonly code = 'channel-case.age-unknown';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('The person’s date of birth is not known: who may consent cannot be checked');
    this.name = 'SubjectAgeUnknownError';
  }
}

export class ConsenterRequiredError extends ChannelCaseError {
  readonly code = 'channel-case.consenter-required';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('Consent by a parent or guardian names them');
    this.name = 'ConsenterRequiredError';
  }
}

export class InterventionExistsError extends ChannelCaseError {
  readonly code = 'channel-case.intervention-exists';
  readonly kind = 'conflict' as const;
  constructor(readonly interventionId: string) {
    super(`Intervention ${interventionId} is already in the support plan`);
    this.name = 'InterventionExistsError';
  }
}

export class InterventionNotFoundError extends ChannelCaseError {
  readonly code = 'channel-case.intervention-not-found';
  readonly kind = 'not-found' as const;
  constructor(readonly interventionId: string) {
    super(`No intervention ${interventionId} on this case`);
    this.name = 'InterventionNotFoundError';
  }
}

export class InterventionTypeUnknownError extends ChannelCaseError {
  readonly code = 'channel-case.intervention-type-unknown';
  readonly kind = 'rule-violated' as const;
  constructor(readonly interventionType: string) {
    super(`${interventionType} is not an intervention type of the code list`);
    this.name = 'InterventionTypeUnknownError';
  }
}

export class InterventionStatusChangeError extends ChannelCaseError {
  readonly code = 'channel-case.intervention-status-change';
  readonly kind = 'conflict' as const;
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`An intervention cannot go from ${from} to ${to}`);
    this.name = 'InterventionStatusChangeError';
  }
}

/** Sessions and progress are recorded on interventions that have started and not ended. */
export class InterventionNotRunningError extends ChannelCaseError {
  readonly code = 'channel-case.intervention-not-running';
  readonly kind = 'conflict' as const;
  constructor(readonly interventionId: string) {
    super(`Intervention ${interventionId} is not running`);
    this.name = 'InterventionNotRunningError';
  }
}

/** An intervention provider records only on the interventions they deliver; others are not theirs to see. */
export class NotTheInterventionProviderError extends ChannelCaseError {
  readonly code = 'channel-case.not-the-provider';
  readonly kind = 'not-found' as const;
  constructor(readonly interventionId: string) {
    super(`No intervention ${interventionId} on this case`);
    this.name = 'NotTheInterventionProviderError';
  }
}

export class SessionAlreadyRecordedError extends ChannelCaseError {
  readonly code = 'channel-case.session-already-recorded';
  readonly kind = 'conflict' as const;
  constructor(readonly sessionId: string) {
    super(`Session ${sessionId} was already recorded`);
    this.name = 'SessionAlreadyRecordedError';
  }
}

/** Post-exit reviews follow the exit. */
export class CaseNotClosedError extends ChannelCaseError {
  readonly code = 'channel-case.not-closed';
  readonly kind = 'rule-violated' as const;
  constructor(readonly caseId: string) {
    super(`Channel case ${caseId} has not exited`);
    this.name = 'CaseNotClosedError';
  }
}

export class PostExitReviewAlreadyRecordedError extends ChannelCaseError {
  readonly code = 'channel-case.post-exit-review-recorded';
  readonly kind = 'conflict' as const;
  constructor(readonly review: string) {
    super(`The ${review} post-exit review was already recorded`);
    this.name = 'PostExitReviewAlreadyRecordedError';
  }
}

export class RiskViewRequiredError extends ChannelCaseError {
  readonly code = 'channel-case.risk-view-required';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('A case returned to the police carries the panel’s view of the risk');
    this.name = 'RiskViewRequiredError';
  }
}

/** The caller's If-Match names a revision the record has moved past: nothing was recorded. */
export class StaleRevisionError extends BaseStaleRevisionError {
  readonly code = 'channel-panel.stale-revision';
}

/** A state-changing request without If-Match. */
export class RevisionRequiredError extends BaseRevisionRequiredError {
  readonly code = 'channel-panel.if-match-required';
  constructor() {
    super();
  }
}
