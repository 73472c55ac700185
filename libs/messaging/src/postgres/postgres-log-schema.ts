import type pg from 'pg';

/**
 * The PostgreSQL log lives in a schema of its own (ADR 020):
 *
 * - `messages`: every published message, append-only (row triggers refuse UPDATE and DELETE, a
 *   statement trigger TRUNCATE, and the application role holds no such privilege). A partition is
 *   `(topic, partition)`; within it the order is `(transaction_id, sequence)` — the publishing
 *   transaction's `xid8`, then an identity — read only below the oldest running transaction, so
 *   a publish that commits late is never skipped (the event store's ADR 003, applied per partition).
 * - `consumer_offsets`: per (group, topic, partition), the position of the last message handled.
 * - `dead_letters`: messages a group gave up on, with the error; only `replayed_at` ever changes.
 */
export type Queryable = pg.Pool | pg.PoolClient | pg.Client;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/** Refuses anything but a plain lower-case identifier: the schema name is spliced into SQL. */
export function assertMessagingSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid messaging schema name ${JSON.stringify(schema)}: use [a-z_][a-z0-9_]* (at most 41)`);
  }
}

/** The NOLOGIN role application connections switch to: read and append messages, keep offsets, record dead letters. */
export function messagingAppRole(schema: string): string {
  assertMessagingSchemaName(schema);
  return `${schema}_app`;
}

/** Channel on which publishers announce, after commit, the topics they appended to (newline-separated; empty: any). */
export function messagesChannel(schema: string): string {
  assertMessagingSchemaName(schema);
  return `${schema}_messages`;
}

/** Channel on which consumers announce that they joined or left a group (payload: the group id). */
export function membersChannel(schema: string): string {
  assertMessagingSchemaName(schema);
  return `${schema}_members`;
}

/** SQLSTATE raised by the append-only triggers. */
export const APPEND_ONLY_SQLSTATE = 'MQ403';

/**
 * Creates or upgrades the log in `schema` (idempotent). Run it as the database owner. Concurrent
 * installs of one schema are serialised by an advisory lock; the role, cluster-wide, may race
 * with another database's install, and the loser's duplicate error is ignored.
 */
export async function installPostgresLogTransport(db: Queryable, schema: string): Promise<void> {
  const role = messagingAppRole(schema);
  const client = isPool(db) ? await db.connect() : db;
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`messaging-install:${schema}`]);
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

CREATE TABLE IF NOT EXISTS ${s}.messages (
  sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  topic text NOT NULL CHECK (topic <> ''),
  partition integer NOT NULL CHECK (partition >= 0),
  key text NOT NULL,
  headers jsonb NOT NULL,
  payload jsonb NOT NULL,
  published_at timestamptz NOT NULL
);
COMMENT ON TABLE ${s}.messages IS
  'Durable topics of the embedded transport: append-only. UPDATE, DELETE and TRUNCATE are refused.';
CREATE INDEX IF NOT EXISTS messages_partition_order_idx
  ON ${s}.messages (topic, partition, transaction_id, sequence);

CREATE TABLE IF NOT EXISTS ${s}.consumer_offsets (
  group_id text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  transaction_id xid8 NOT NULL,
  sequence bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, partition)
);

CREATE TABLE IF NOT EXISTS ${s}.dead_letters (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  "offset" text NOT NULL,
  key text NOT NULL,
  headers jsonb NOT NULL,
  payload jsonb NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  dead_lettered_at timestamptz NOT NULL,
  replayed_at timestamptz,
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset text NOT NULL,
  CONSTRAINT dead_letters_source_key UNIQUE (group_id, source_topic, source_partition, source_offset)
);
COMMENT ON COLUMN ${s}.dead_letters.source_topic IS
  'Where the consumer read it: the original topic, or the group''s replay topic for a replayed message that failed again.';
CREATE INDEX IF NOT EXISTS dead_letters_group_idx ON ${s}.dead_letters (group_id, id);

CREATE OR REPLACE FUNCTION ${s}.refuse_message_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION USING
    ERRCODE = '${APPEND_ONLY_SQLSTATE}',
    MESSAGE = format('%I.%I is append-only: %s refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP);
END
$fn$;

CREATE OR REPLACE TRIGGER messages_refuse_update_delete
  BEFORE UPDATE OR DELETE ON ${s}.messages
  FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_message_change();
CREATE OR REPLACE TRIGGER messages_refuse_truncate
  BEFORE TRUNCATE ON ${s}.messages
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_message_change();

REVOKE ALL ON SCHEMA ${s} FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${s} FROM PUBLIC;
REVOKE ALL ON ${s}.messages, ${s}.consumer_offsets, ${s}.dead_letters FROM ${role};
GRANT USAGE ON SCHEMA ${s} TO ${role};
GRANT SELECT, INSERT ON ${s}.messages TO ${role};
GRANT SELECT, INSERT, UPDATE ON ${s}.consumer_offsets TO ${role};
GRANT SELECT, INSERT ON ${s}.dead_letters TO ${role};
GRANT UPDATE (replayed_at) ON ${s}.dead_letters TO ${role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${role};
`;
}
