import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { DATA_KEY_BYTES, KeyStore, type KeyDestruction } from './key-store.js';
import { InvalidPersonalDataInputError, KeyUnwrapError, SubjectKeyDestroyedError } from './personal-data.errors.js';

type Queryable = Pick<pg.Pool, 'query'>;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const WRAP_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function checkSchema(schema: string): void {
  if (!IDENTIFIER.test(schema))
    throw new InvalidPersonalDataInputError('Schema name must be a lower-case SQL identifier');
}

function checkSubjectId(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > 200) {
    throw new InvalidPersonalDataInputError('A data subject id must be a non-empty string of at most 200 characters');
  }
}

/**
 * Creates `${schema}.subject_keys` if it is not there yet; safe to run concurrently and repeatedly.
 * A trigger refuses to put a key back once it has been destroyed, and refuses to delete the record
 * of a destruction.
 */
export async function installPostgresKeyStore(db: pg.Pool | pg.ClientBase, schema: string): Promise<void> {
  checkSchema(schema);
  const client = 'totalCount' in db ? await db.connect() : db;
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${schema}.subject_keys`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${schema}.subject_keys (
        subject_id         text PRIMARY KEY,
        wrapped_key        bytea NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        destroyed_at       timestamptz NULL,
        destroyed_by       text NULL,
        destruction_reason text NULL,
        CONSTRAINT subject_keys_destroyed_has_no_key CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
      )`);
    await client.query(`
      CREATE OR REPLACE FUNCTION ${schema}.subject_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND OLD.destroyed_at IS NOT NULL THEN
          RAISE EXCEPTION 'the record of a destroyed subject key is kept';
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.destroyed_at IS NOT NULL AND NEW.wrapped_key IS NOT NULL THEN
          RAISE EXCEPTION 'a destroyed subject key cannot be restored';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await client.query(`DROP TRIGGER IF EXISTS subject_keys_guard ON ${schema}.subject_keys`);
    await client.query(`
      CREATE TRIGGER subject_keys_guard BEFORE UPDATE OR DELETE ON ${schema}.subject_keys
      FOR EACH ROW EXECUTE FUNCTION ${schema}.subject_keys_guard()`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    if (client !== db) (client as pg.PoolClient).release();
  }
}

export interface PostgresKeyStoreOptions {
  readonly pool: Queryable;
  readonly schema: string;
  /** 32 bytes, from the deployment's secret store; never stored in the database. */
  readonly keyEncryptionKey: Buffer;
}

/**
 * Data keys in the table `${schema}.subject_keys`, each wrapped (AES-256-GCM) under a
 * key-encryption key (KEK) that lives outside the database. Destroying a key sets its wrapped
 * key to NULL and keeps who destroyed it, when and why.
 *
 * Retention: crypto-shredding is only as good as the deletion of the key everywhere. Backups
 * and replicas of this table (and its WAL) must follow the same retention as the erasure
 * policy, shorter than the event store's; old row versions stay on disk until VACUUM, so run
 * it on this table after destructions. Unwrapped keys are not cached, so a destruction takes
 * effect at once for every process.
 */
export class PostgresKeyStore extends KeyStore {
  private readonly pool: Queryable;
  private readonly table: string;
  private readonly keyEncryptionKey: Buffer;

  constructor(options: PostgresKeyStoreOptions) {
    super();
    checkSchema(options.schema);
    if (!Buffer.isBuffer(options.keyEncryptionKey) || options.keyEncryptionKey.length !== 32) {
      throw new InvalidPersonalDataInputError('The key-encryption key must be 32 bytes');
    }
    this.pool = options.pool;
    this.table = `${options.schema}.subject_keys`;
    this.keyEncryptionKey = Buffer.from(options.keyEncryptionKey);
  }

  async getOrCreateKey(subjectId: string): Promise<Buffer> {
    checkSubjectId(subjectId);
    const existing = await this.readRow(subjectId);
    if (existing) return this.keyOf(subjectId, existing);
    // Two first calls race here: one insert wins, the other waits for it and then reads its key.
    await this.pool.query(
      `INSERT INTO ${this.table} (subject_id, wrapped_key) VALUES ($1, $2) ON CONFLICT (subject_id) DO NOTHING`,
      [subjectId, this.wrap(subjectId, randomBytes(DATA_KEY_BYTES))],
    );
    const row = await this.readRow(subjectId);
    if (!row) throw new Error('The subject key row vanished right after it was written');
    return this.keyOf(subjectId, row);
  }

  async findKeys(subjectIds: readonly string[]): Promise<Map<string, Buffer | 'destroyed'>> {
    const ids = [...new Set(subjectIds)];
    ids.forEach(checkSubjectId);
    const keys = new Map<string, Buffer | 'destroyed'>();
    if (ids.length === 0) return keys;
    const { rows } = await this.pool.query<{ subject_id: string; wrapped_key: Buffer | null }>(
      `SELECT subject_id, wrapped_key FROM ${this.table} WHERE subject_id = ANY($1::text[])`,
      [ids],
    );
    for (const row of rows) {
      keys.set(row.subject_id, row.wrapped_key ? this.unwrap(row.subject_id, row.wrapped_key) : 'destroyed');
    }
    return keys;
  }

  /** Also records the destruction for a subject that never had a key, so none is created later. */
  async destroyKey(subjectId: string, by: KeyDestruction): Promise<void> {
    checkSubjectId(subjectId);
    if (!by.actorId || !by.reason)
      throw new InvalidPersonalDataInputError('A key destruction needs an actor and a reason');
    await this.pool.query(
      `INSERT INTO ${this.table} AS k (subject_id, wrapped_key, destroyed_at, destroyed_by, destruction_reason)
       VALUES ($1, NULL, now(), $2, $3)
       ON CONFLICT (subject_id) DO UPDATE
         SET wrapped_key = NULL, destroyed_at = now(), destroyed_by = $2, destruction_reason = $3
         WHERE k.destroyed_at IS NULL`,
      [subjectId, by.actorId, by.reason],
    );
  }

  async isDestroyed(subjectId: string): Promise<boolean> {
    checkSubjectId(subjectId);
    const row = await this.readRow(subjectId);
    return row !== null && row.wrapped_key === null;
  }

  private async readRow(subjectId: string): Promise<{ wrapped_key: Buffer | null } | null> {
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null }>(
      `SELECT wrapped_key FROM ${this.table} WHERE subject_id = $1`,
      [subjectId],
    );
    return rows[0] ?? null;
  }

  private keyOf(subjectId: string, row: { wrapped_key: Buffer | null }): Buffer {
    if (!row.wrapped_key) throw new SubjectKeyDestroyedError();
    return this.unwrap(subjectId, row.wrapped_key);
  }

  /** version(1) ‖ iv(12) ‖ tag(16) ‖ wrapped key(32); the subject id is bound in as AAD. */
  private wrap(subjectId: string, dataKey: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyEncryptionKey, iv);
    cipher.setAAD(wrapAad(subjectId));
    const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([Buffer.from([WRAP_VERSION]), iv, cipher.getAuthTag(), wrapped]);
  }

  private unwrap(subjectId: string, stored: Buffer): Buffer {
    if (stored.length !== 1 + IV_BYTES + TAG_BYTES + DATA_KEY_BYTES || stored[0] !== WRAP_VERSION) {
      throw new KeyUnwrapError();
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.keyEncryptionKey, stored.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(wrapAad(subjectId));
      decipher.setAuthTag(stored.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(stored.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new KeyUnwrapError();
    }
  }
}

function wrapAad(subjectId: string): Buffer {
  return Buffer.from(`subject-key:v1:${subjectId}`, 'utf8');
}
