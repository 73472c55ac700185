/** Anything that runs SQL: a `pg` Pool, Client or PoolClient. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface InstallAuditLogOptions {
  /** The PostgreSQL role the application connects as: it gets INSERT and SELECT, nothing else. */
  readonly appRole?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(kind: string, value: string): void {
  if (!IDENTIFIER.test(value)) throw new Error(`${kind} must be a lower-case SQL identifier: ${value}`);
}

/**
 * Creates (idempotently) the audit table in `schema`, owned by the installing role. Three locks:
 * - triggers refuse UPDATE, DELETE and TRUNCATE, whoever runs them (the owner included);
 * - a trigger stamps every row with the database's clock, so no one can back-date an entry;
 * - the application's role may only INSERT and SELECT.
 * Only a superuser who drops the triggers could change history, and that is itself visible
 * in the database's own logs.
 */
export async function installPostgresAuditLog(
  db: Queryable,
  schema: string,
  options: InstallAuditLogOptions = {},
): Promise<void> {
  assertIdentifier('schema', schema);
  if (options.appRole) assertIdentifier('appRole', options.appRole);
  const table = `${schema}.audit_log`;
  // One simple-protocol query is one implicit transaction: the advisory lock keeps two processes
  // of the same service from installing at once (concurrent CREATE OR REPLACE FUNCTION fails).
  const grants = options.appRole
    ? `GRANT USAGE ON SCHEMA ${schema} TO ${options.appRole};
       REVOKE ALL ON ${table} FROM ${options.appRole};
       GRANT INSERT, SELECT ON ${table} TO ${options.appRole};`
    : '';
  await db.query(`
    SELECT pg_advisory_xact_lock(hashtext('audit-log:${schema}'));
    CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${table} (
      id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_subject  text NOT NULL CHECK (actor_subject <> ''),
      actor_role     text NOT NULL CHECK (actor_role <> ''),
      actor_area     text,
      action         text NOT NULL CHECK (action <> ''),
      record_type    text NOT NULL CHECK (record_type <> ''),
      record_id      text NOT NULL CHECK (record_id <> ''),
      person         text,
      correlation_id text NOT NULL CHECK (correlation_id <> '')
    );
    CREATE INDEX IF NOT EXISTS audit_log_by_actor ON ${table} (actor_subject, id);
    CREATE INDEX IF NOT EXISTS audit_log_by_person ON ${table} (person, id) WHERE person IS NOT NULL;
    CREATE INDEX IF NOT EXISTS audit_log_by_time ON ${table} (recorded_at);

    CREATE OR REPLACE FUNCTION ${schema}.audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE OR REPLACE FUNCTION ${schema}.audit_log_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.recorded_at := clock_timestamp();
      RETURN NEW;
    END $$;
    CREATE OR REPLACE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION ${schema}.audit_log_refuse_change();
    CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.audit_log_refuse_change();
    CREATE OR REPLACE TRIGGER audit_log_stamp BEFORE INSERT ON ${table}
      FOR EACH ROW EXECUTE FUNCTION ${schema}.audit_log_stamp();

    REVOKE ALL ON ${table} FROM PUBLIC;
    ${grants}
  `);
}
