import { ASYMMETRIC_ALGORITHMS, DEFAULT_CLAIM_NAMES, type AuthConfig } from '@lib/auth';
import { Configuration, setting } from './config-schema.js';

/**
 * How a service verifies the access tokens it is called with: any OpenID Connect provider, by
 * configuration. `npm start` points every service at the embedded `apps/identity`; compose
 * points them at Keycloak (`OIDC_ROLE_CLAIM=realm_access.roles`).
 */
export class OidcConfig extends Configuration('oidc', {
  /** Compared exactly with the token's `iss`; discovery and keys are fetched from it on first use. */
  issuer: setting.url('OIDC_ISSUER', ['http:', 'https:']),
  /** The audience of the system's APIs (`urn:prevent:api`); the token's `aud` must contain it. */
  audience: setting.string('OIDC_AUDIENCE'),
  jwksUri: setting.url('OIDC_JWKS_URI', ['http:', 'https:']).optional(),
  roleClaim: setting.string('OIDC_ROLE_CLAIM').default(DEFAULT_CLAIM_NAMES.roles),
  areaClaim: setting.string('OIDC_AREA_CLAIM').default(DEFAULT_CLAIM_NAMES.area),
  assignedCasesClaim: setting.string('OIDC_ASSIGNED_CASES_CLAIM').default(DEFAULT_CLAIM_NAMES.assignedCases),
  clockToleranceSeconds: setting.int('OIDC_CLOCK_TOLERANCE_SECONDS', { min: 0, max: 600 }).default(5),
  jwksCooldownSeconds: setting.int('OIDC_JWKS_COOLDOWN_SECONDS', { min: 0, max: 86_400 }).default(30),
  algorithms: setting.list('OIDC_ALGORITHMS', ASYMMETRIC_ALGORITHMS).default(ASYMMETRIC_ALGORITHMS),
}) {}

/** The settings in the shape `libs/auth`'s verifier takes. */
export function authConfigOf(oidc: OidcConfig): AuthConfig {
  return {
    issuer: oidc.issuer,
    audience: oidc.audience,
    ...(oidc.jwksUri ? { jwksUri: oidc.jwksUri } : {}),
    claims: { roles: oidc.roleClaim, area: oidc.areaClaim, assignedCases: oidc.assignedCasesClaim },
    clockToleranceSeconds: oidc.clockToleranceSeconds,
    algorithms: [...oidc.algorithms],
    jwksCooldownSeconds: oidc.jwksCooldownSeconds,
  };
}
