import { join, resolve } from 'node:path';
import { LOG_LEVELS, type LogLevelName } from '@lib/platform';

/** The name the launcher (`npm start`) looks for in its data directory. */
export const DEMO_USERS_FILE_NAME = 'identity-demo-users.txt';

/** The identity provider's settings, read and checked once at boot. */
export interface IdentityConfig {
  /** The lowest level logged (`LOG_LEVEL`, as in the services; default `log`). */
  readonly logLevel: LogLevelName;
  readonly host: string;
  readonly port: number;
  /** The issuer identifier; tokens carry it as `iss`, services set it as `OIDC_ISSUER`. */
  readonly issuer: string;
  readonly databaseUrl: string;
  readonly schema: string;
  /** The resource (audience) of the system's APIs: `aud` of every access token. */
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  /** Failed sign-ins within the window that lock an account until the window has passed. */
  readonly lockout: { readonly maxFailures: number; readonly windowSeconds: number };
  /** How long a superseded signing key stays published after a rotation. */
  readonly keyOverlapSeconds: number;
  /** Where the web app may be sent back with a code (`IDENTITY_WEB_REDIRECT_URIS`). */
  readonly webRedirectUris: readonly string[];
  /** Where the web app may be sent back after RP-initiated logout (`IDENTITY_WEB_POST_LOGOUT_REDIRECT_URIS`). */
  readonly webPostLogoutRedirectUris: readonly string[];
  readonly seedDemoUsers: boolean;
  /**
   * Where the demo users' passwords are written (mode 0600) on the first start:
   * `IDENTITY_DEMO_USERS_FILE`, else `<PREVENT_DATA_DIR, default ./.data>/identity-demo-users.txt`.
   */
  readonly demoUsersFile: string;
}

export class IdentityConfigError extends Error {}

export function identityConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): IdentityConfig {
  const host = env.HOST?.trim() || '127.0.0.1';
  const port = integer(env, 'IDENTITY_PORT', integer(env, 'PORT', 3004, 0, 65535), 0, 65535);
  const issuer = (env.IDENTITY_ISSUER?.trim() || `http://127.0.0.1:${port}`).replace(/\/$/, '');
  try {
    new URL(issuer);
  } catch {
    throw new IdentityConfigError('IDENTITY_ISSUER is not a URL');
  }
  const databaseUrl = env.IDENTITY_DATABASE_URL?.trim() || env.DATABASE_URL?.trim();
  if (!databaseUrl) throw new IdentityConfigError('DATABASE_URL (or IDENTITY_DATABASE_URL) is not set');
  const schema = env.IDENTITY_SCHEMA?.trim() || 'identity';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new IdentityConfigError('IDENTITY_SCHEMA must be a SQL identifier');
  const logLevel = env.LOG_LEVEL?.trim() || 'log';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new IdentityConfigError(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(logLevel)})`,
    );
  }
  return {
    logLevel: logLevel as LogLevelName,
    host,
    port,
    issuer,
    databaseUrl,
    schema,
    audience: env.IDENTITY_AUDIENCE?.trim() || env.OIDC_AUDIENCE?.trim() || 'urn:prevent:api',
    accessTokenTtlSeconds: integer(env, 'IDENTITY_ACCESS_TOKEN_TTL_SECONDS', 600, 30, 86_400),
    lockout: {
      maxFailures: integer(env, 'IDENTITY_LOCKOUT_MAX_FAILURES', 5, 1, 1000),
      windowSeconds: integer(env, 'IDENTITY_LOCKOUT_WINDOW_SECONDS', 15 * 60, 1, 86_400 * 30),
    },
    keyOverlapSeconds: integer(env, 'IDENTITY_KEY_OVERLAP_SECONDS', 86_400, 0, 86_400 * 90),
    webRedirectUris: uris(env, 'IDENTITY_WEB_REDIRECT_URIS', 'http://127.0.0.1:3000/auth/callback'),
    webPostLogoutRedirectUris: uris(env, 'IDENTITY_WEB_POST_LOGOUT_REDIRECT_URIS', 'http://127.0.0.1:3000/signed-out'),
    seedDemoUsers: (env.IDENTITY_SEED_DEMO_USERS?.trim() || 'true') === 'true',
    demoUsersFile: resolve(
      env.IDENTITY_DEMO_USERS_FILE?.trim() || join(env.PREVENT_DATA_DIR?.trim() || '.data', DEMO_USERS_FILE_NAME),
    ),
  };
}

/** A comma-separated list of absolute http(s) URLs. */
function uris(env: Readonly<Record<string, string | undefined>>, name: string, fallback: string): string[] {
  const list = (env[name]?.trim() || fallback)
    .split(',')
    .map((uri) => uri.trim())
    .filter(Boolean);
  for (const uri of list) {
    let url: URL | undefined;
    try {
      url = new URL(uri);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash) {
      throw new IdentityConfigError(
        `${name} must list absolute http(s) URLs without fragment (got ${JSON.stringify(uri)})`,
      );
    }
  }
  return list;
}

function integer(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new IdentityConfigError(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}
