import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { ClientMetadata } from 'oidc-provider';

/** The services that call others with client-credentials tokens (service-to-service, no shared secrets in headers). */
export const SERVICE_CLIENTS = ['referral-intake', 'channel-panel', 'compliance-reporting'] as const;

/** The system's own web app: a first-party public client (code + PKCE, refresh tokens, RP-initiated logout). */
export const WEB_CLIENT_ID = 'web';

/**
 * The registered clients: the web app (authorization code + PKCE, a public client, with the
 * URIs it may be sent back to after sign-in and after sign-out) and one confidential client per
 * service (client credentials). Service secrets are made on first start and kept in PostgreSQL.
 */
export async function loadClients(
  pool: pg.Pool,
  schema: string,
  web: { readonly redirectUris: readonly string[]; readonly postLogoutRedirectUris: readonly string[] },
): Promise<ClientMetadata[]> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${schema}.service_clients (client_id text PRIMARY KEY, client_secret text NOT NULL)`,
  );
  for (const clientId of SERVICE_CLIENTS) {
    await pool.query(
      `INSERT INTO ${schema}.service_clients (client_id, client_secret) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING`,
      [clientId, randomBytes(32).toString('base64url')],
    );
  }
  const { rows } = await pool.query<{ client_id: string; client_secret: string }>(
    `SELECT client_id, client_secret FROM ${schema}.service_clients ORDER BY client_id`,
  );
  return [
    {
      client_id: WEB_CLIENT_ID,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [...web.redirectUris],
      post_logout_redirect_uris: [...web.postLogoutRedirectUris],
    },
    ...rows.map((row): ClientMetadata => ({
      client_id: row.client_id,
      client_secret: row.client_secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
  ];
}

export async function serviceClientSecret(
  pool: pg.Pool,
  schema: string,
  clientId: string,
): Promise<string | undefined> {
  const { rows } = await pool.query<{ client_secret: string }>(
    `SELECT client_secret FROM ${schema}.service_clients WHERE client_id = $1`,
    [clientId],
  );
  return rows[0]?.client_secret;
}
