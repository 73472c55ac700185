import type pg from 'pg';
import { quoteIdentifier } from '../database/sql.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/** The schema a service's read models live in: `<service schema>_read` (`referral_intake_read`). */
export function readModelSchema(serviceSchema: string): string {
  const schema = `${serviceSchema}_read`;
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid read-model schema name ${JSON.stringify(schema)}`);
  return schema;
}

/**
 * The NOLOGIN role the read-model connections switch to (`SET ROLE`). It owns the read-model
 * schema, so it may create, change, truncate and drop the tables there, and it holds nothing
 * anywhere else: it cannot read or write the event store, the audit log or the subject keys.
 * Like the event store's role, it is cluster-wide.
 */
export function readModelRole(readSchema: string): string {
  if (!SCHEMA_NAME.test(readSchema)) throw new Error(`Invalid read-model schema name ${JSON.stringify(readSchema)}`);
  return `${readSchema}_app`;
}

/**
 * Creates the read-model schema and its role (idempotent; run as the database owner). The schema
 * is handed to the role, which creates the tables itself (`synchronize`, ADR 040). Concurrent
 * installs in one database are serialised by an advisory lock; a lost race on the cluster-wide
 * role is ignored.
 */
export async function installReadModelSchema(owner: pg.ClientBase, readSchema: string): Promise<void> {
  const role = readModelRole(readSchema);
  const schema = quoteIdentifier(readSchema);
  await owner.query('BEGIN');
  try {
    await owner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`read-models:${readSchema}`]);
    await owner.query(`
DO $role$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${quoteIdentifier(role)} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$role$;
CREATE SCHEMA IF NOT EXISTS ${schema};
ALTER SCHEMA ${schema} OWNER TO ${quoteIdentifier(role)};
REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC;
COMMENT ON SCHEMA ${schema} IS
  'Read models: disposable, rebuilt from the event store on demand. Owned by ${role}, which holds nothing else.';
`);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
