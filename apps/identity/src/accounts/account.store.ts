import { hash, verify } from '@node-rs/argon2';
import { isRole, type Role } from '@lib/auth';
import type pg from 'pg';
import { lockedUntil, type LockoutPolicy } from './domain/lockout.js';
import { matchingTotpStep, newTotpSecret } from './totp.js';

export interface Account {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly area?: string;
  readonly disabled: boolean;
  readonly totpEnabled: boolean;
}

export type SignInResult =
  | { outcome: 'signed-in'; account: Account }
  | { outcome: 'refused' }
  | { outcome: 'locked' }
  | { outcome: 'second-factor-needed' };

export class AccountError extends Error {
  constructor(
    readonly code: 'account.not-found' | 'account.username-taken' | 'account.invalid',
    message: string,
  ) {
    super(message);
  }
}

/** argon2id, with the OWASP minimum parameters (19 MiB, 2 passes). */
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

interface Row {
  id: string;
  username: string;
  password_hash: string;
  roles: string[];
  area: string | null;
  disabled: boolean;
  totp_secret: string | null;
  totp_last_step: string | null;
}

/** Local accounts in PostgreSQL, with argon2id password hashes, lockout and an optional TOTP factor. */
export class AccountStore {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly lockout: LockoutPolicy,
  ) {}

  async migrate(): Promise<void> {
    await this.pool.query(`
      CREATE SCHEMA IF NOT EXISTS ${this.schema};
      CREATE TABLE IF NOT EXISTS ${this.schema}.accounts (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username       text NOT NULL UNIQUE CHECK (username = lower(username) AND username ~ '^[a-z0-9._@-]{3,64}$'),
        password_hash  text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        roles          text[] NOT NULL DEFAULT '{}',
        area           text,
        disabled       boolean NOT NULL DEFAULT false,
        totp_secret    text,
        totp_last_step bigint,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS ${this.schema}.sign_in_failures (
        account_id uuid NOT NULL REFERENCES ${this.schema}.accounts (id) ON DELETE CASCADE,
        failed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX IF NOT EXISTS sign_in_failures_by_account ON ${this.schema}.sign_in_failures (account_id, failed_at);
    `);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.schema}.accounts`);
    return rows[0].n;
  }

  async create(input: {
    username: string;
    password: string;
    roles: readonly string[];
    area?: string;
  }): Promise<Account> {
    const username = checkUsername(input.username);
    checkPassword(input.password);
    const roles = checkRoles(input.roles);
    try {
      const { rows } = await this.pool.query<Row>(
        `INSERT INTO ${this.schema}.accounts (username, password_hash, roles, area) VALUES ($1, $2, $3, $4) RETURNING *`,
        [username, await hash(input.password, ARGON2), roles, input.area ?? null],
      );
      return toAccount(rows[0]);
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new AccountError('account.username-taken', 'That username is taken.');
      throw error;
    }
  }

  async list(): Promise<Account[]> {
    const { rows } = await this.pool.query<Row>(`SELECT * FROM ${this.schema}.accounts ORDER BY username`);
    return rows.map(toAccount);
  }

  /**
   * The accounts that are not disabled and have the role, in the given areas (or in any area and
   * none), ordered by username.
   */
  async activeWithRole(role: Role, areas: readonly string[] | 'everywhere'): Promise<Account[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM ${this.schema}.accounts
        WHERE NOT disabled AND $1 = ANY (roles) AND ($2 OR area = ANY ($3::text[]))
        ORDER BY username COLLATE "C"`,
      [role, areas === 'everywhere', areas === 'everywhere' ? [] : [...areas]],
    );
    return rows.map(toAccount);
  }

  async find(id: string): Promise<Account | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.pool.query<Row>(`SELECT * FROM ${this.schema}.accounts WHERE id = $1`, [id]);
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  async passwordHashOf(username: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<Row>(
      `SELECT password_hash FROM ${this.schema}.accounts WHERE username = $1`,
      [username.toLowerCase()],
    );
    return rows[0]?.password_hash;
  }

  async update(
    id: string,
    change: { roles?: readonly string[]; area?: string | null; disabled?: boolean },
  ): Promise<Account> {
    const roles = change.roles === undefined ? null : checkRoles(change.roles);
    const { rows } = await this.pool.query<Row>(
      `UPDATE ${this.schema}.accounts
          SET roles = coalesce($2, roles),
              area = CASE WHEN $3 THEN $4 ELSE area END,
              disabled = coalesce($5, disabled),
              updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, roles, change.area !== undefined, change.area ?? null, change.disabled ?? null],
    );
    if (!rows[0]) throw new AccountError('account.not-found', 'No such account.');
    return toAccount(rows[0]);
  }

  /** Turns the second factor on and returns the new shared secret (shown once). */
  async enableTotp(id: string): Promise<{ account: Account; secret: string }> {
    const secret = newTotpSecret();
    const { rows } = await this.pool.query<Row>(
      `UPDATE ${this.schema}.accounts SET totp_secret = $2, totp_last_step = NULL, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, secret],
    );
    if (!rows[0]) throw new AccountError('account.not-found', 'No such account.');
    return { account: toAccount(rows[0]), secret };
  }

  /**
   * Checks a sign-in under a row lock, so parallel guesses cannot overrun the lockout. An unknown
   * or disabled username costs the same hash as a known one and answers the same `refused`.
   */
  async signIn(
    usernameInput: string,
    password: string,
    totpCode: string | undefined,
    now: Date,
  ): Promise<SignInResult> {
    const username = usernameInput.trim().toLowerCase();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<Row>(`SELECT * FROM ${this.schema}.accounts WHERE username = $1 FOR UPDATE`, [
        username,
      ]);
      const row = rows[0];
      if (!row || row.disabled) {
        await verify(await this.dummy(), password).catch(() => false);
        await client.query('COMMIT');
        return { outcome: 'refused' };
      }
      const failures = await client.query<{ failed_at: Date }>(
        `SELECT failed_at FROM ${this.schema}.sign_in_failures WHERE account_id = $1 AND failed_at > $2::timestamptz - make_interval(secs => $3)`,
        [row.id, now, this.lockout.windowSeconds],
      );
      if (
        lockedUntil(
          failures.rows.map((f) => f.failed_at),
          now,
          this.lockout,
        )
      ) {
        await client.query('COMMIT');
        return { outcome: 'locked' };
      }
      const passwordOk = await verify(row.password_hash, password).catch(() => false);
      let result: SignInResult;
      if (!passwordOk) {
        result = { outcome: 'refused' };
      } else if (row.totp_secret && !totpCode) {
        await client.query('COMMIT');
        return { outcome: 'second-factor-needed' };
      } else if (row.totp_secret) {
        const step = matchingTotpStep(row.totp_secret, totpCode ?? '', now);
        const replayed = step !== undefined && row.totp_last_step !== null && step <= Number(row.totp_last_step);
        if (step === undefined || replayed) {
          result = { outcome: 'refused' };
        } else {
          await client.query(`UPDATE ${this.schema}.accounts SET totp_last_step = $2 WHERE id = $1`, [row.id, step]);
          result = { outcome: 'signed-in', account: toAccount(row) };
        }
      } else {
        result = { outcome: 'signed-in', account: toAccount(row) };
      }
      if (result.outcome === 'refused') {
        await client.query(`INSERT INTO ${this.schema}.sign_in_failures (account_id, failed_at) VALUES ($1, $2)`, [
          row.id,
          now,
        ]);
      } else {
        await client.query(`DELETE FROM ${this.schema}.sign_in_failures WHERE account_id = $1`, [row.id]);
      }
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hash('not-a-real-password-only-for-timing', ARGON2);
    return this.dummyHash;
  }
}

function toAccount(row: Row): Account {
  return {
    id: row.id,
    username: row.username,
    roles: row.roles.filter(isRole),
    ...(row.area ? { area: row.area } : {}),
    disabled: row.disabled,
    totpEnabled: row.totp_secret !== null,
  };
}

function checkUsername(username: string): string {
  const clean = String(username ?? '')
    .trim()
    .toLowerCase();
  if (!/^[a-z0-9._@-]{3,64}$/.test(clean)) {
    throw new AccountError('account.invalid', 'A username is 3 to 64 letters, digits, dots, dashes, underscores or @.');
  }
  return clean;
}

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length < 12 || password.length > 256) {
    throw new AccountError('account.invalid', 'A password is 12 to 256 characters.');
  }
}

function checkRoles(roles: readonly string[]): Role[] {
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
    throw new AccountError('account.invalid', 'roles must name one or more known roles.');
  }
  return [...new Set(roles)] as Role[];
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
