/**
 * How a refusal is classified, so that the edge maps it to a status once (404, 409, 422, 412,
 * 428) and the domain never speaks HTTP:
 * - `not-found`: the record does not exist (or is outside the caller's reach);
 * - `conflict`: the record is in a state where the command makes no sense any more (decided twice);
 * - `rule-violated`: the command breaks a rule of the process (deciding before de-confliction);
 * - `precondition`: the caller decided on a revision that is no longer the latest;
 * - `precondition-required`: the caller did not say which revision it decided on.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'rule-violated' | 'precondition' | 'precondition-required';

/**
 * A refusal by the domain, with a stable `code` (`referral.already-decided`) that clients may
 * match on. `libs/platform`'s problem-details filter recognises any error with a `code` and a
 * known `kind`, so pure domain folders need not import the platform.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** Structured, non-personal detail for the problem body (ids, codes), never names or free text. */
  readonly details?: Readonly<Record<string, unknown>>;
}
