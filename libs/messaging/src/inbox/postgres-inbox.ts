import type pg from 'pg';
import type { IncomingMessage } from '../transport.port.js';

/**
 * The inbox (ADR 028): a consumer records each handled message id in the same transaction as
 * the message's effect. Redelivery — after a crash before the offset was committed, or a relay
 * that published again — then finds the id and has no second effect: effectively once.
 *
 * `<schema>.inbox` holds one row per (consumer group, message id). The message id is the
 * `eventId` header, which the relay derives from the domain event, so a republished message has
 * the same id as the first.
 */
type Queryable = pg.Pool | pg.PoolClient | pg.Client;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid inbox schema name ${JSON.stringify(schema)}: use [a-z_][a-z0-9_]* (at most 41)`);
  }
}

export interface InstallInboxOptions {
  /** A role the application's connections use (e.g. `<schema>_app`), granted SELECT and INSERT on the inbox. */
  readonly grantTo?: string;
}

/** Creates the inbox table in `schema` (idempotent). Run it as the database owner. */
export async function installPostgresInbox(
  db: Queryable,
  schema: string,
  options: InstallInboxOptions = {},
): Promise<void> {
  assertSchemaName(schema);
  if (options.grantTo !== undefined) assertSchemaName(options.grantTo);
  await db.query(`
    CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${schema}.inbox (
      group_id text NOT NULL,
      event_id text NOT NULL,
      topic text NOT NULL,
      type text NOT NULL,
      schema_version integer NOT NULL,
      partition integer NOT NULL,
      message_offset text NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (group_id, event_id)
    );
    COMMENT ON TABLE ${schema}.inbox IS
      'Messages a consumer group has handled, recorded in the transaction of their effect: a redelivery finds its id here and has no second effect.';
    ${options.grantTo ? `GRANT USAGE ON SCHEMA ${schema} TO ${options.grantTo}; GRANT SELECT, INSERT ON ${schema}.inbox TO ${options.grantTo};` : ''}
  `);
}

export type InboxOutcome = 'handled' | 'duplicate';

export interface PostgresInboxOptions {
  readonly pool: pg.Pool;
  /** Where {@link installPostgresInbox} installed the inbox: the schema of the consumer's own effects. */
  readonly schema: string;
}

export class PostgresInbox {
  private readonly pool: pg.Pool;
  private readonly table: string;
  private readonly schema: string;

  constructor(options: PostgresInboxOptions) {
    assertSchemaName(options.schema);
    this.pool = options.pool;
    this.schema = options.schema;
    this.table = `${options.schema}.inbox`;
  }

  /**
   * In one transaction: records `(groupId, message.headers.eventId)` and runs `effect` on the
   * same connection, then commits. If the id is already recorded, rolls back without running the
   * effect and returns `'duplicate'`. If the effect throws, nothing is recorded (the message will
   * be retried). Two concurrent deliveries of one message: the second waits for the first's
   * transaction and then sees the duplicate (or, if the first rolled back, handles it).
   */
  async handleOnce(
    groupId: string,
    message: IncomingMessage,
    effect: (tx: pg.PoolClient) => Promise<void>,
  ): Promise<InboxOutcome> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const { rowCount } = await client.query({
          name: `inbox_record_${this.schema}`,
          text: `INSERT INTO ${this.table} (group_id, event_id, topic, type, schema_version, partition, message_offset)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (group_id, event_id) DO NOTHING`,
          values: [
            groupId,
            message.headers.eventId,
            message.topic,
            message.headers.type,
            message.headers.schemaVersion,
            message.partition,
            message.offset,
          ],
        });
        if (rowCount === 0) {
          await client.query('ROLLBACK');
          return 'duplicate';
        }
        await effect(client);
        await client.query('COMMIT');
        return 'handled';
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  /** Whether the group has handled the message id. */
  async has(groupId: string, eventId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM ${this.table} WHERE group_id = $1 AND event_id = $2`, [
      groupId,
      eventId,
    ]);
    return rowCount === 1;
  }
}
