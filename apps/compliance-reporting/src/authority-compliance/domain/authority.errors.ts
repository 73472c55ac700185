import {
  DomainError,
  RevisionRequiredError as BaseRevisionRequiredError,
  StaleRevisionError as BaseStaleRevisionError,
} from '@lib/domain';

/** Refusals of the authority decider. Stable codes; messages carry ids and codes only. */
export abstract class AuthorityComplianceError extends DomainError {}

export class AuthorityNotFoundError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.not-found';
  readonly kind = 'not-found' as const;
  constructor(readonly authorityId: string) {
    super(`Authority ${authorityId} was not found`);
    this.name = 'AuthorityNotFoundError';
  }
}

export class AuthorityAlreadyRegisteredError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.already-registered';
  readonly kind = 'conflict' as const;
  constructor(readonly authorityId: string) {
    super(`Authority ${authorityId} is already registered`);
    this.name = 'AuthorityAlreadyRegisteredError';
  }
}

/** An Idempotency-Key was used again with a different request. */
export class AuthorityIdempotencyKeyReusedError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.idempotency-key-reused';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('This Idempotency-Key was already used for a different registration');
    this.name = 'AuthorityIdempotencyKeyReusedError';
  }
}

/** A local authority is judged on the eight benchmarks, any other authority on the six core duties. */
export class BenchmarkNotApplicableError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.benchmark-not-applicable';
  readonly kind = 'rule-violated' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly benchmark: string,
    readonly authorityType: string,
    applicable: readonly string[],
  ) {
    super(`An authority of type ${authorityType} is not judged on ${benchmark}`);
    this.name = 'BenchmarkNotApplicableError';
    this.details = { benchmark, authorityType, applicable };
  }
}

/** A review date must be today or later: a review already missed is no plan. */
export class ReviewDateInPastError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.review-date-in-past';
  readonly kind = 'rule-violated' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly reviewDue: string,
    readonly today: string,
  ) {
    super(`The review date ${reviewDue} is before today (${today})`);
    this.name = 'ReviewDateInPastError';
    this.details = { reviewDue, today };
  }
}

/** A day that has not come yet (training counts as of tomorrow, a statement submitted next week). */
export class DateInFutureError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.date-in-future';
  readonly kind = 'rule-violated' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly field: string,
    readonly date: string,
    readonly today: string,
  ) {
    super(`${field} ${date} is after today (${today})`);
    this.name = 'DateInFutureError';
    this.details = { field, date, today };
  }
}

/** More people trained than in post. */
export class TrainingCountsInvalidError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.training-counts-invalid';
  readonly kind = 'rule-violated' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly trained: number,
    readonly inPost: number,
  ) {
    super(`${trained} trained is more than the ${inPost} in post`);
    this.name = 'TrainingCountsInvalidError';
    this.details = { trained, inPost };
  }
}

/** Only local authorities run a Channel panel and submit the annual assurance statement. */
export class AssuranceStatementNotApplicableError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.assurance-not-applicable';
  readonly kind = 'rule-violated' as const;
  constructor(readonly authorityType: string) {
    super(`An authority of type ${authorityType} does not submit a Channel assurance statement`);
    this.name = 'AssuranceStatementNotApplicableError';
  }
}

/** One statement per financial year. */
export class AssuranceStatementAlreadySubmittedError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.assurance-already-submitted';
  readonly kind = 'conflict' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly year: string,
    readonly submittedOn: string,
  ) {
    super(`The assurance statement for ${year} was already submitted on ${submittedOn}`);
    this.name = 'AssuranceStatementAlreadySubmittedError';
    this.details = { year, submittedOn };
  }
}

/** A financial year is written `2024/25`: a start year and the next year's last two digits. */
export class FinancialYearInvalidError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.financial-year-invalid';
  readonly kind = 'rule-violated' as const;
  constructor(readonly year: string) {
    super(`${year} is not a financial year (write it 2024/25)`);
    this.name = 'FinancialYearInvalidError';
  }
}

/** A statement cannot be submitted before the year it covers has begun (1 April). */
export class AssuranceSubmittedBeforeYearError extends AuthorityComplianceError {
  readonly code = 'authority-compliance.assurance-before-year';
  readonly kind = 'rule-violated' as const;
  constructor(
    readonly year: string,
    readonly submittedOn: string,
  ) {
    super(`A statement for ${year} cannot be submitted on ${submittedOn}, before the year began`);
    this.name = 'AssuranceSubmittedBeforeYearError';
  }
}

/** The caller's If-Match names a revision the record has moved past: nothing was recorded. */
export class StaleRevisionError extends BaseStaleRevisionError {
  readonly code = 'authority-compliance.stale-revision';
}

/** A state-changing request without If-Match. */
export class RevisionRequiredError extends BaseRevisionRequiredError {
  readonly code = 'authority-compliance.if-match-required';
  constructor() {
    super();
  }
}
