import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './auth.config.js';
import { InvalidTokenError, IssuerUnavailableError } from './auth.errors.js';
import { principalFromClaims } from './domain/claims.js';
import type { Principal } from './domain/principal.js';

/**
 * Verifies OpenID Connect access tokens (JWT, RFC 9068) against the issuer's published keys:
 * signature, `iss`, `aud`, `exp` and `nbf`; then reads the principal from the claims.
 * Works with any provider by configuration (the embedded `apps/identity`, Keycloak, ...).
 */
export class TokenVerifier {
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(
    private readonly config: AuthConfig,
    keys?: JWTVerifyGetKey,
  ) {
    if (keys) this.keys = Promise.resolve(keys);
  }

  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw new InvalidTokenError('missing');
    if (token.split('.').length !== 3) throw new InvalidTokenError('malformed');
    let keys: JWTVerifyGetKey;
    try {
      keys = await this.keySet();
    } catch (error) {
      throw new IssuerUnavailableError(error);
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: [...this.config.algorithms],
        clockTolerance: this.config.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      // the issuer's keys could not be fetched: an outage of ours, not a bad token
      if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout) {
        throw new IssuerUnavailableError(error);
      }
      throw new InvalidTokenError(reasonOf(error));
    }
    try {
      return principalFromClaims(payload, this.config.claims);
    } catch {
      throw new InvalidTokenError('invalid');
    }
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    if (!this.keys) {
      const keys = this.discoverJwksUri().then((uri) =>
        createRemoteJWKSet(new URL(uri), { cooldownDuration: this.config.jwksCooldownSeconds * 1000 }),
      );
      keys.catch(() => (this.keys = undefined)); // discovery is retried on the next request
      this.keys = keys;
    }
    return this.keys;
  }

  private async discoverJwksUri(): Promise<string> {
    if (this.config.jwksUri) return this.config.jwksUri;
    const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`OpenID discovery at ${url} answered ${response.status}`);
    const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (metadata.issuer !== this.config.issuer) throw new Error(`OpenID discovery at ${url} names another issuer`);
    if (typeof metadata.jwks_uri !== 'string') throw new Error(`OpenID discovery at ${url} has no jwks_uri`);
    return metadata.jwks_uri;
  }
}

function reasonOf(error: unknown): InvalidTokenError['reason'] {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'not-yet-valid';
    if (error.claim === 'iss') return 'wrong-issuer';
    if (error.claim === 'aud') return 'wrong-audience';
    return 'invalid';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return 'unknown-key';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  return 'invalid';
}
