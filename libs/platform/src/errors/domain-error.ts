import { DOMAIN_ERROR_KINDS, type DomainErrorKind } from '@lib/domain';

export { DOMAIN_ERROR_KINDS, DomainError, type DomainErrorKind } from '@lib/domain';

/** The HTTP status of each kind of refusal, mapped once, by {@link ProblemDetailsFilter}. */
export const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  'not-found': 404,
  conflict: 409,
  'rule-violated': 422,
  precondition: 412,
  'precondition-required': 428,
};

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
