import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/**
 * The provider's signing keys, kept in PostgreSQL. A rotation adds a new key that signs from
 * then on; the superseded keys stay published in the JWKS for `overlapSeconds`, so tokens they
 * signed keep verifying until they expire: no downtime, no token refused mid-life.
 */
export class SigningKeys {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly overlapSeconds: number,
  ) {}

  async migrate(): Promise<void> {
    await this.pool.query(`
      CREATE SCHEMA IF NOT EXISTS ${this.schema};
      CREATE TABLE IF NOT EXISTS ${this.schema}.signing_keys (
        kid           text PRIMARY KEY,
        private_jwk   jsonb NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        superseded_at timestamptz
      );
      CREATE TABLE IF NOT EXISTS ${this.schema}.secrets (
        name  text PRIMARY KEY,
        value text NOT NULL
      );
    `);
  }

  /** The published keys, the signing one first; makes the first key on first start. */
  async published(): Promise<JWK[]> {
    let keys = await this.load();
    if (keys.length === 0) {
      await this.rotate();
      keys = await this.load();
    }
    return keys;
  }

  async rotate(): Promise<string> {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
    const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `UPDATE ${this.schema}.signing_keys SET superseded_at = clock_timestamp() WHERE superseded_at IS NULL`,
      );
      await client.query(`INSERT INTO ${this.schema}.signing_keys (kid, private_jwk) VALUES ($1, $2)`, [kid, jwk]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return kid;
  }

  /** Keys for signing cookies: made once, kept, so sessions survive a restart or a rotation. */
  async cookieKeys(): Promise<string[]> {
    await this.pool.query(
      `INSERT INTO ${this.schema}.secrets (name, value) VALUES ('cookie-key', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(32).toString('base64url')],
    );
    const { rows } = await this.pool.query<{ value: string }>(
      `SELECT value FROM ${this.schema}.secrets WHERE name = 'cookie-key'`,
    );
    return rows.map((row) => row.value);
  }

  private async load(): Promise<JWK[]> {
    const { rows } = await this.pool.query<{ private_jwk: JWK }>(
      `SELECT private_jwk FROM ${this.schema}.signing_keys
        WHERE superseded_at IS NULL OR superseded_at > clock_timestamp() - make_interval(secs => $1)
        ORDER BY superseded_at IS NULL DESC, created_at DESC`,
      [this.overlapSeconds],
    );
    return rows.map((row) => row.private_jwk);
  }
}
