/**
 * How a refusal is classified, so that the edge maps it to a status once (404, 409, 422, 412,
 * 428) and the domain never speaks HTTP:
 * - `not-found`: the record does not exist (or is outside the caller's reach);
 * - `conflict`: the record is in a state where the command makes no sense any more;
 * - `rule-violated`: the command breaks a rule of the process (consent before adoption);
 * - `precondition`: the caller decided on a revision that is no longer the latest;
 * - `precondition-required`: the caller did not say which revision it decided on.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'rule-violated' | 'precondition' | 'precondition-required';

/**
 * A refusal by the panel's domain, with a stable `code` (`channel-case.not-adopted`) clients may
 * match on. `libs/platform`'s problem-details filter recognises any error with a `code` and a known
 * `kind`, so the pure domain folders need not import the platform.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** Structured, non-personal detail for the problem body (ids, codes), never names or free text. */
  readonly details?: Readonly<Record<string, unknown>>;
}
