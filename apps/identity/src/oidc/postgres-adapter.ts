import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import type pg from 'pg';

/** Purge expired rows at most this often (per process); `find` ignores them meanwhile. */
const PURGE_EVERY_MS = 60_000;

/**
 * oidc-provider's storage in PostgreSQL: sessions, grants, interactions, authorization codes,
 * refresh tokens, ... — every model in one table keyed by (model, id), with the expiry the
 * provider gives. A restart signs no one out, and several processes of the provider can share
 * it. Clients and signing keys are not stored here (they come from configuration).
 */
export async function installOidcStorage(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`
    CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${schema}.oidc_payloads (
      model       text NOT NULL,
      id          text NOT NULL,
      payload     jsonb NOT NULL,
      grant_id    text,
      user_code   text,
      uid         text,
      expires_at  timestamptz,
      consumed_at timestamptz,
      PRIMARY KEY (model, id)
    );
    CREATE INDEX IF NOT EXISTS oidc_payloads_by_grant ON ${schema}.oidc_payloads (grant_id) WHERE grant_id IS NOT NULL;
    CREATE INDEX IF NOT EXISTS oidc_payloads_by_user_code ON ${schema}.oidc_payloads (model, user_code) WHERE user_code IS NOT NULL;
    CREATE INDEX IF NOT EXISTS oidc_payloads_by_uid ON ${schema}.oidc_payloads (model, uid) WHERE uid IS NOT NULL;
    CREATE INDEX IF NOT EXISTS oidc_payloads_by_expiry ON ${schema}.oidc_payloads (expires_at) WHERE expires_at IS NOT NULL;
  `);
}

interface Row {
  payload: AdapterPayload;
  consumed_at: Date | null;
}

/** The adapter class oidc-provider instantiates once per model name (`Session`, `Grant`, ...). */
export function postgresAdapter(pool: pg.Pool, schema: string): AdapterConstructor {
  const table = `${schema}.oidc_payloads`;
  let lastPurge = 0;
  const purgeExpired = () => {
    if (Date.now() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = Date.now();
    pool.query(`DELETE FROM ${table} WHERE expires_at < now()`).catch(() => (lastPurge = 0));
  };
  const live = `(expires_at IS NULL OR expires_at > now())`;
  const toPayload = (row: Row | undefined): AdapterPayload | undefined => {
    if (!row) return undefined;
    return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
  };

  return class PostgresAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      await pool.query(
        `INSERT INTO ${table} (model, id, payload, grant_id, user_code, uid, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE
           SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code,
               uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
        [
          this.model,
          id,
          payload,
          payload.grantId ?? null,
          payload.userCode ?? null,
          payload.uid ?? null,
          expiresIn && expiresIn > 0 ? Math.ceil(expiresIn) : null,
        ],
      );
      purgeExpired();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const { rows } = await pool.query<Row>(
        `SELECT payload, consumed_at FROM ${table} WHERE model = $1 AND id = $2 AND ${live}`,
        [this.model, id],
      );
      return toPayload(rows[0]);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const { rows } = await pool.query<Row>(
        `SELECT payload, consumed_at FROM ${table} WHERE model = $1 AND user_code = $2 AND ${live}`,
        [this.model, userCode],
      );
      return toPayload(rows[0]);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const { rows } = await pool.query<Row>(
        `SELECT payload, consumed_at FROM ${table} WHERE model = $1 AND uid = $2 AND ${live}`,
        [this.model, uid],
      );
      return toPayload(rows[0]);
    }

    async consume(id: string): Promise<void> {
      await pool.query(`UPDATE ${table} SET consumed_at = now() WHERE model = $1 AND id = $2 AND consumed_at IS NULL`, [
        this.model,
        id,
      ]);
    }

    async destroy(id: string): Promise<void> {
      await pool.query(`DELETE FROM ${table} WHERE model = $1 AND id = $2`, [this.model, id]);
    }

    /** Every token and code of the grant, whatever its model (a revoked grant takes them all). */
    async revokeByGrantId(grantId: string): Promise<void> {
      await pool.query(`DELETE FROM ${table} WHERE grant_id = $1`, [grantId]);
    }
  };
}

/** What {@link OidcStorage.endEverySessionOf} removed, model by model (`Session`, `Grant`, `RefreshToken`, ...). */
export type RemovedPayloads = Readonly<Record<string, number>>;

/** oidc-provider's stored state, for what the provider itself has no operation for. */
export class OidcStorage {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  /**
   * Signs an account out everywhere: deletes, in one statement, every stored payload of the
   * account (sessions, grants, authorization codes, refresh tokens, access-token records,
   * interactions that already carry it) and every token of its grants. The browsers' session
   * cookies then name nothing, and no refresh token of the account is left to use.
   */
  async endEverySessionOf(accountId: string): Promise<RemovedPayloads> {
    const table = `${this.schema}.oidc_payloads`;
    const { rows } = await this.pool.query<{ model: string; removed: number }>(
      `WITH grants AS (
         SELECT id FROM ${table} WHERE model = 'Grant' AND payload->>'accountId' = $1
       ), removed AS (
         DELETE FROM ${table}
          WHERE payload->>'accountId' = $1
             OR payload #>> '{session,accountId}' = $1
             OR payload #>> '{result,login,accountId}' = $1
             OR grant_id IN (SELECT id FROM grants)
         RETURNING model
       )
       SELECT model, count(*)::int AS removed FROM removed GROUP BY model ORDER BY model`,
      [accountId],
    );
    return Object.fromEntries(rows.map((row) => [row.model, row.removed]));
  }
}
