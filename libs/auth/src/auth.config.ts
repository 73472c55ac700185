import { DEFAULT_CLAIM_NAMES, type ClaimNames } from './domain/claims.js';

/** How access tokens are verified: which issuer, for which audience, where the claims are. */
export interface AuthConfig {
  /** The issuer identifier, compared exactly with the token's `iss`. */
  readonly issuer: string;
  /** The audience (resource) this service accepts; the token's `aud` must contain it. */
  readonly audience: string;
  /** Where the issuer publishes its keys; discovered from `<issuer>/.well-known/openid-configuration` when absent. */
  readonly jwksUri?: string;
  readonly claims: ClaimNames;
  /** Leeway on `exp` and `nbf` for clocks that drift, in seconds. */
  readonly clockToleranceSeconds: number;
  /** Signature algorithms accepted; never `none` nor a shared-secret `HS*`. */
  readonly algorithms: readonly string[];
  /**
   * Least time between two fetches of the key set when a token names an unknown key id
   * (after the issuer rotated its keys), in seconds.
   */
  readonly jwksCooldownSeconds: number;
}

export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export class AuthConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

/**
 * Reads the verification settings from the environment, failing at boot with the name of the
 * variable when one is missing or malformed:
 * `OIDC_ISSUER`, `OIDC_AUDIENCE` (required), `OIDC_JWKS_URI`, `OIDC_ROLE_CLAIM` (default `roles`),
 * `OIDC_AREA_CLAIM` (default `area`), `OIDC_ASSIGNED_CASES_CLAIM` (default `assigned_cases`),
 * `OIDC_CLOCK_TOLERANCE_SECONDS` (default 5), `OIDC_JWKS_COOLDOWN_SECONDS` (default 30),
 * `OIDC_ALGORITHMS` (comma separated, default every asymmetric one).
 */
export function authConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): AuthConfig {
  const issuer = required(env, 'OIDC_ISSUER');
  url('OIDC_ISSUER', issuer);
  const audience = required(env, 'OIDC_AUDIENCE');
  const jwksUri = env.OIDC_JWKS_URI?.trim() || undefined;
  if (jwksUri) url('OIDC_JWKS_URI', jwksUri);
  const tolerance = seconds(env, 'OIDC_CLOCK_TOLERANCE_SECONDS', 5);
  const cooldown = seconds(env, 'OIDC_JWKS_COOLDOWN_SECONDS', 30);
  const algorithms = (env.OIDC_ALGORITHMS?.trim() || ASYMMETRIC_ALGORITHMS.join(','))
    .split(',')
    .map((alg) => alg.trim())
    .filter(Boolean);
  for (const alg of algorithms) {
    if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg)) {
      throw new AuthConfigError('OIDC_ALGORITHMS', `names ${alg}, which is not an asymmetric signature algorithm`);
    }
  }
  return {
    issuer,
    audience,
    ...(jwksUri ? { jwksUri } : {}),
    claims: {
      roles: env.OIDC_ROLE_CLAIM?.trim() || DEFAULT_CLAIM_NAMES.roles,
      area: env.OIDC_AREA_CLAIM?.trim() || DEFAULT_CLAIM_NAMES.area,
      assignedCases: env.OIDC_ASSIGNED_CASES_CLAIM?.trim() || DEFAULT_CLAIM_NAMES.assignedCases,
    },
    clockToleranceSeconds: tolerance,
    algorithms,
    jwksCooldownSeconds: cooldown,
  };
}

function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new AuthConfigError(name, 'is not set');
  return value;
}

function seconds(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if (!/^\d{1,5}$/.test(value)) throw new AuthConfigError(name, 'must be a whole number of seconds');
  return Number(value);
}

function url(name: string, value: string): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new AuthConfigError(name, 'is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new AuthConfigError(name, 'must be an http(s) URL');
}
