/**
 * How the edge classifies a refusal; mapped to HTTP once, by {@link ProblemDetailsFilter}:
 * not-found 404, conflict 409, rule-violated 422, precondition 412, precondition-required 428.
 */
export const DOMAIN_ERROR_KINDS = [
  'not-found',
  'conflict',
  'rule-violated',
  'precondition',
  'precondition-required',
] as const;
export type DomainErrorKind = (typeof DOMAIN_ERROR_KINDS)[number];

export const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  'not-found': 404,
  conflict: 409,
  'rule-violated': 422,
  precondition: 412,
  'precondition-required': 428,
};

/**
 * A refusal with a stable `code` (`referral.already-decided`) that clients may match on.
 *
 * Any `Error` with a string `code` and one of the {@link DOMAIN_ERROR_KINDS} is answered the same
 * way, whether or not it extends this class: pure `domain/` folders declare their own base of the
 * same shape rather than import the platform.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** Non-personal detail for the problem body (ids, codes, counts); never names or free text. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface DomainErrorShape {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function isDomainError(error: unknown): error is Error & DomainErrorShape {
  if (!(error instanceof Error)) return false;
  const candidate = error as Error & { code?: unknown; kind?: unknown };
  return (
    typeof candidate.code === 'string' &&
    typeof candidate.kind === 'string' &&
    (DOMAIN_ERROR_KINDS as readonly string[]).includes(candidate.kind)
  );
}

/** One invalid field of a request, as the 400 problem lists it. */
export interface FieldError {
  /** Dot path of the field in the body, query or headers (`subject.dateOfBirth`, `referrer.name`). */
  readonly field: string;
  readonly messages: readonly string[];
}

/** The request itself is malformed (class-validator, a bad header): 400 with the field errors. */
export class InvalidRequestError extends Error {
  readonly code = 'request.invalid';
  constructor(
    readonly errors: readonly FieldError[],
    message = 'The request is not valid.',
  ) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}
