/**
 * Why a request is refused. Mapped to HTTP once, by the problem-details filter:
 * unauthenticated -> 401, forbidden -> 403, not-found -> 404, unavailable -> 503.
 */
export abstract class AccessError extends Error {
  protected constructor(
    readonly code: string,
    readonly kind: 'unauthenticated' | 'forbidden' | 'not-found' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** No token, or a token that is not valid (signature, issuer, audience, expiry, not-before). */
export class InvalidTokenError extends AccessError {
  constructor(
    readonly reason:
      | 'missing'
      | 'malformed'
      | 'expired'
      | 'not-yet-valid'
      | 'bad-signature'
      | 'wrong-issuer'
      | 'wrong-audience'
      | 'unknown-key'
      | 'invalid',
  ) {
    super(
      `auth.token-${reason}`,
      'unauthenticated',
      `The access token is ${reason === 'missing' ? 'missing' : 'not valid'}.`,
    );
  }
}

/** A valid token whose roles do not allow the action. */
export class ActionNotAllowedError extends AccessError {
  constructor(readonly action: string) {
    super('auth.action-not-allowed', 'forbidden', `Your role does not allow ${action}.`);
  }
}

/** A route that carries no access rule: refused whoever asks (deny by default). */
export class NoAccessRuleError extends AccessError {
  constructor(readonly route: string) {
    super('auth.no-access-rule', 'forbidden', 'This route has no access rule and is refused to everyone.');
  }
}

/**
 * A record outside the caller's reach (another area, a case not assigned to them). Answered
 * as not found, exactly like a record that does not exist, so its existence is not revealed.
 */
export class RecordNotFoundError extends AccessError {
  constructor(
    readonly recordType: string,
    readonly recordId: string,
  ) {
    super(`${recordType}.not-found`, 'not-found', `No ${recordType} ${recordId}.`);
  }
}

/**
 * The issuer's discovery document or keys could not be fetched: an outage on our side, not a bad
 * token, so the caller may retry (503), and the service stays up and ready meanwhile.
 */
export class IssuerUnavailableError extends AccessError {
  constructor(cause: unknown) {
    super(
      'auth.issuer-unavailable',
      'unavailable',
      'The identity provider’s keys cannot be fetched; try again shortly.',
    );
    this.cause = cause;
  }
}
