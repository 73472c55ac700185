import session from 'express-session';
import type pg from 'pg';
import type { SessionData } from 'express-session';

/**
 * express-session's store in PostgreSQL (`<schema>.sessions`): a restart of the web app keeps
 * everyone signed in, and every session of one user can be ended at once ("sign out everywhere").
 * Expired rows are never returned, and are swept on a timer.
 */
export class PostgresSessionStore extends session.Store {
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly defaultTtlMs: number,
  ) {
    super();
  }

  static async install(pool: pg.Pool, schema: string): Promise<void> {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await pool.query(`CREATE TABLE IF NOT EXISTS ${schema}.sessions (
      sid text PRIMARY KEY,
      sub text,
      data jsonb NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
    await pool.query(`CREATE INDEX IF NOT EXISTS sessions_sub ON ${schema}.sessions (sub)`);
    await pool.query(`CREATE INDEX IF NOT EXISTS sessions_expires_at ON ${schema}.sessions (expires_at)`);
  }

  startSweeping(everyMs = 60_000): void {
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), everyMs);
    this.sweeper.unref();
  }

  stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  async sweep(): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM ${this.schema}.sessions WHERE expires_at <= now()`);
    return rowCount ?? 0;
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.pool
      .query<{ data: SessionData }>(`SELECT data FROM ${this.schema}.sessions WHERE sid = $1 AND expires_at > now()`, [
        sid,
      ])
      .then(({ rows }) => callback(null, rows[0]?.data ?? null), callback);
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    this.pool
      .query(
        `INSERT INTO ${this.schema}.sessions (sid, sub, data, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sid) DO UPDATE SET sub = EXCLUDED.sub, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
        [sid, data.user?.sub ?? null, JSON.stringify(data), this.expiresAt(data)],
      )
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(error),
      );
  }

  override touch(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    this.pool
      .query(`UPDATE ${this.schema}.sessions SET expires_at = $2 WHERE sid = $1`, [sid, this.expiresAt(data)])
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(error),
      );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.pool.query(`DELETE FROM ${this.schema}.sessions WHERE sid = $1`, [sid]).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  /** Ends every session of one user, on every device. */
  async destroyAllOf(sub: string): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM ${this.schema}.sessions WHERE sub = $1`, [sub]);
    return rowCount ?? 0;
  }

  private expiresAt(data: SessionData): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + this.defaultTtlMs);
  }
}
