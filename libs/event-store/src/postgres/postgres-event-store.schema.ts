import type pg from 'pg';

/**
 * The PostgreSQL event store lives in a schema of its own:
 *
 * - `events`: one row per event, append-only. `(stream_id, revision)` is unique and is the
 *   optimistic-concurrency guard; `transaction_id` (the appending transaction, `xid8`) and
 *   `global_position` (a sequence) give the global order (ADR 003); `hash` and
 *   `previous_hash` chain each stream (ADR 004). Row triggers refuse UPDATE and DELETE, a
 *   statement trigger refuses TRUNCATE, and the application role holds no such privilege.
 * - `append_events(...)`: appends a batch to one stream in one statement, checks the expected
 *   revision and computes the link hashes. It sends no notification: a NOTIFY inside the
 *   appending transaction serialises the commits of concurrent appenders (PostgreSQL holds the
 *   notification queue's lock through the commit), which cut 8-writer throughput to a quarter.
 *   The store announces appends on {@link eventStoreChannel} from outside the transaction.
 * - `link_hash(revision, previous, content)`: `sha256(utf8('<revision>:') ‖ previous ‖ content)`,
 *   byte for byte `linkHash()` of `hash-chain.ts`; `append_events` inlines the same expression
 *   (a call of an SQL function per event costs more than the hash).
 *
 * The notification is sent at commit, and PostgreSQL serialises the commits of notifying
 * transactions: concurrent writers pay for it (see the benchmark), a single writer hardly.
 * - `subscription_checkpoints`: where subscriptions keep their position by default.
 */

type Queryable = pg.Pool | pg.PoolClient | pg.Client;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/** Refuses anything but a plain lower-case identifier: the schema name is spliced into SQL. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid event store schema name ${JSON.stringify(schema)}: use [a-z_][a-z0-9_]* (at most 41)`);
  }
}

/**
 * The NOLOGIN role the application's connections switch to (`SET ROLE`): SELECT and INSERT on
 * the events, EXECUTE on the append function, read/write on the checkpoints; never UPDATE,
 * DELETE or TRUNCATE on the events. Roles are cluster-wide: every database that installs the
 * same schema name shares it.
 */
export function eventStoreAppRole(schema: string): string {
  assertSchemaName(schema);
  return `${schema}_app`;
}

/** The LISTEN/NOTIFY channel on which stores announce appends, after they commit. */
export function eventStoreChannel(schema: string): string {
  assertSchemaName(schema);
  return `${schema}_events`;
}

/** SQLSTATE raised by `append_events` when the expected revision does not hold; DETAIL is the actual revision. */
export const WRONG_EXPECTED_REVISION_SQLSTATE = 'ES409';

/** SQLSTATE raised by the immutability triggers. */
export const IMMUTABLE_EVENTS_SQLSTATE = 'ES403';

/** Expected revisions as the append function takes them: a revision (>= 0) or one of these. */
export const EXPECT_NO_STREAM = -1;
export const EXPECT_STREAM_EXISTS = -2;
export const EXPECT_ANY = -3;

/**
 * Creates or upgrades the event store in `schema` (idempotent). Run it as the database owner.
 * Concurrent installs of the same schema in one database are serialised by an advisory lock;
 * concurrent installs in different databases of one cluster race only on the role, and the
 * loser's duplicate error is ignored.
 */
export async function installPostgresEventStore(db: Queryable, schema: string): Promise<void> {
  const role = eventStoreAppRole(schema);
  const client = isPool(db) ? await db.connect() : db;
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`event-store:${schema}`]);
      await client.query(ddl(schema, role));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    if (isPool(db)) (client as pg.PoolClient).release();
  }
}

function isPool(db: Queryable): db is pg.Pool {
  return typeof (db as pg.Pool).totalCount === 'number';
}

function ddl(s: string, role: string): string {
  return `
DO $role$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${role} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$role$;

CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  category text NOT NULL,
  revision bigint NOT NULL CHECK (revision >= 0),
  type text NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1),
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  hash bytea NOT NULL,
  previous_hash bytea NOT NULL,
  CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision),
  CONSTRAINT events_event_id_key UNIQUE (event_id)
);
COMMENT ON TABLE ${s}.events IS
  'The legal record: append-only, hash-chained per stream. UPDATE, DELETE and TRUNCATE are refused.';

CREATE INDEX IF NOT EXISTS events_global_order_idx ON ${s}.events (transaction_id, global_position);
CREATE INDEX IF NOT EXISTS events_category_global_order_idx ON ${s}.events (category, transaction_id, global_position);

CREATE TABLE IF NOT EXISTS ${s}.subscription_checkpoints (
  subscription_id text PRIMARY KEY,
  commit_position numeric(20, 0) NOT NULL,
  prepare_position numeric(20, 0) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION ${s}.refuse_event_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION USING
    ERRCODE = '${IMMUTABLE_EVENTS_SQLSTATE}',
    MESSAGE = format('%I.%I is append-only: %s refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP);
END
$fn$;

CREATE OR REPLACE TRIGGER events_refuse_update_delete
  BEFORE UPDATE OR DELETE ON ${s}.events
  FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_event_change();
CREATE OR REPLACE TRIGGER events_refuse_truncate
  BEFORE TRUNCATE ON ${s}.events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_event_change();

CREATE OR REPLACE FUNCTION ${s}.link_hash(revision bigint, previous bytea, content bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN sha256(convert_to(revision::text || ':', 'UTF8') || previous || content);

CREATE OR REPLACE FUNCTION ${s}.append_events(
  p_stream_id text,
  p_expected bigint,
  p_event_ids uuid[],
  p_types text[],
  p_schema_versions integer[],
  p_data jsonb,
  p_metadata jsonb,
  p_content_hashes bytea,
  OUT last_revision bigint,
  OUT transaction_id xid8,
  OUT last_position bigint
)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := cardinality(p_event_ids);
  v_last bigint;
  v_previous bytea;
  v_hash bytea;
  v_hashes bytea[];
  v_previous_hashes bytea[];
  v_revision bigint;
  v_recorded_at timestamptz := (p_metadata->>'recordedAt')::timestamptz;
  v_category text := split_part(p_stream_id, '-', 1);
BEGIN
  SELECT e.revision, e.hash INTO v_last, v_previous
    FROM ${s}.events e WHERE e.stream_id = p_stream_id
    ORDER BY e.revision DESC LIMIT 1;
  IF (p_expected >= 0 AND v_last IS DISTINCT FROM p_expected)
     OR (p_expected = ${EXPECT_NO_STREAM} AND v_last IS NOT NULL)
     OR (p_expected = ${EXPECT_STREAM_EXISTS} AND v_last IS NULL) THEN
    RAISE EXCEPTION USING
      ERRCODE = '${WRONG_EXPECTED_REVISION_SQLSTATE}',
      MESSAGE = format('wrong expected revision on stream %s', p_stream_id),
      DETAIL = coalesce(v_last::text, 'no_stream');
  END IF;
  v_previous := coalesce(v_previous, ''::bytea);
  v_revision := coalesce(v_last, -1);
  FOR i IN 1..v_count LOOP
    v_revision := v_revision + 1;
    v_hash := sha256(convert_to(v_revision::text || ':', 'UTF8') || v_previous
                     || substring(p_content_hashes FROM (i - 1) * 32 + 1 FOR 32));
    v_previous_hashes[i] := v_previous;
    v_hashes[i] := v_hash;
    v_previous := v_hash;
  END LOOP;
  transaction_id := pg_current_xact_id();
  WITH inserted AS (
    INSERT INTO ${s}.events (transaction_id, event_id, stream_id, category, revision, type, schema_version,
                             data, metadata, recorded_at, hash, previous_hash)
    SELECT append_events.transaction_id, u.event_id, p_stream_id, v_category, coalesce(v_last, -1) + u.ord, u.type,
           u.schema_version, p_data->(u.ord::integer - 1), p_metadata, v_recorded_at, u.hash, u.previous_hash
      FROM unnest(p_event_ids, p_types, p_schema_versions, v_hashes, v_previous_hashes)
           WITH ORDINALITY AS u(event_id, type, schema_version, hash, previous_hash, ord)
    RETURNING global_position
  )
  SELECT max(global_position) INTO last_position FROM inserted;
  last_revision := v_revision;
END
$fn$;

REVOKE ALL ON SCHEMA ${s} FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${s} FROM PUBLIC;
REVOKE ALL ON ${s}.events FROM ${role};
GRANT USAGE ON SCHEMA ${s} TO ${role};
GRANT SELECT, INSERT ON ${s}.events TO ${role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ${s}.subscription_checkpoints TO ${role};
GRANT EXECUTE ON FUNCTION ${s}.append_events(text, bigint, uuid[], text[], integer[], jsonb, jsonb, bytea) TO ${role};
GRANT EXECUTE ON FUNCTION ${s}.link_hash(bigint, bytea, bytea) TO ${role};
`;
}
