/**
 * How a refusal is classified, so that the edge maps it to a status once and the domain never
 * speaks HTTP:
 * - `not-found`: the record does not exist (or is outside the caller's reach);
 * - `conflict`: the record is in a state where the command makes no sense any more;
 * - `rule-violated`: the command breaks a rule of the process;
 * - `precondition`: the caller decided on a revision that is no longer the latest;
 * - `precondition-required`: the caller did not say which revision it decided on.
 */
export const DOMAIN_ERROR_KINDS = [
  'not-found',
  'conflict',
  'rule-violated',
  'precondition',
  'precondition-required',
] as const;
export type DomainErrorKind = (typeof DOMAIN_ERROR_KINDS)[number];

/**
 * A refusal with a stable `code` (`referral.already-decided`) that clients may match on. This lib
 * is framework-free, so pure `domain/` folders extend it without importing the platform, whose
 * problem-details filter maps each kind to its HTTP status.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** Structured, non-personal detail for the problem body (ids, codes, counts), never names or free text. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The caller's If-Match names a revision the record has moved past: nothing was recorded. Each
 * context subclasses it with its own stable code.
 */
export abstract class StaleRevisionError extends DomainError {
  readonly kind = 'precondition' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly expected: number | 'no_stream',
    readonly actual: number | 'no_stream',
  ) {
    super(`The record changed since revision ${String(expected)} (now ${String(actual)}); read it again`);
    this.name = 'StaleRevisionError';
    this.details = { currentRevision: actual };
  }
}

/** A state-changing request without If-Match. Each context subclasses it with its own stable code. */
export abstract class RevisionRequiredError extends DomainError {
  readonly kind = 'precondition-required' as const;
  constructor(what = 'a record') {
    super(`This request changes ${what}: send If-Match with the ETag you read`);
    this.name = 'RevisionRequiredError';
  }
}
