/**
 * How a refusal is classified, so that the edge maps it to a status once (404, 409, 422, 412,
 * 428) and the domain never speaks HTTP. `libs/platform`'s problem-details filter recognises any
 * error with a string `code` and one of these kinds, so this pure folder needs no import of it.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'rule-violated' | 'precondition' | 'precondition-required';

/** A refusal by the authority-compliance domain, with a stable `code` clients may match on. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** Non-personal detail for the problem body (ids, codes, dates), never free text. */
  readonly details?: Readonly<Record<string, unknown>>;
}
