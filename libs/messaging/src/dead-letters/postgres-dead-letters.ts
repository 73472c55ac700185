import type pg from 'pg';
import { assertMessagingSchemaName } from '../postgres/postgres-log-schema.js';
import {
  DeadLetters,
  type DeadLetter,
  type IncomingMessage,
  type MessageHeaders,
  type MessageTransport,
} from '../transport.port.js';
import { replayMessage, replayTopic } from './replay.js';

/** A dead letter as an adapter hands it to a store. */
export type NewDeadLetter = Omit<DeadLetter, 'id' | 'replayedAt'> & {
  /** Where the consumer read it (differs from `original` for a replayed message): one dead letter per source. */
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: string };
};

/** Somewhere an adapter records the dead letters it publishes (the Kafka adapter; the PostgreSQL log writes its own). */
export interface DeadLetterRecorder {
  record(letter: NewDeadLetter): Promise<void>;
}

export class DeadLetterNotFoundError extends Error {
  readonly code = 'messaging.dead-letter-not-found';
  constructor(readonly id: string) {
    super(`No dead letter ${id}`);
    this.name = 'DeadLetterNotFoundError';
  }
}

export interface PostgresDeadLettersOptions {
  pool: pg.Pool;
  /** The schema {@link installPostgresLogTransport} installed (its `dead_letters` table). */
  schema: string;
  /** Where `replay` re-publishes: the PostgreSQL log of the same schema, or a Kafka transport. Without it, a recorder only. */
  transport?: MessageTransport;
}

interface DeadLetterRow {
  id: string;
  group_id: string;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  headers: MessageHeaders;
  payload: unknown;
  error: string;
  attempts: number;
  dead_lettered_at: Date;
  replayed_at: Date | null;
}

const COLUMNS = `id::text AS id, group_id, topic, partition, "offset", key, headers, payload, error, attempts,
                 dead_lettered_at, replayed_at`;

/**
 * Dead letters kept in PostgreSQL (ADR 022): the PostgreSQL log records its own there, in the same
 * transaction as the offset; the Kafka adapter records there too when given this store (beside
 * its dead-letter topic), so one `npm run dlq` serves both modes.
 *
 * `replay` publishes the original to the group's replay topic through `transport` — read by that
 * group only — and then marks the letter replayed. A crash between the two leaves it unmarked and
 * replayable again: a replay may be delivered twice, which the consumer's inbox absorbs.
 */
export class PostgresDeadLetters extends DeadLetters implements DeadLetterRecorder {
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly transport: MessageTransport | undefined;

  constructor(options: PostgresDeadLettersOptions) {
    super();
    assertMessagingSchemaName(options.schema);
    this.pool = options.pool;
    this.schema = options.schema;
    this.transport = options.transport;
  }

  async list(groupId?: string): Promise<DeadLetter[]> {
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT ${COLUMNS} FROM ${this.schema}.dead_letters
        WHERE $1::text IS NULL OR group_id = $1 ORDER BY id`,
      [groupId ?? null],
    );
    return rows.map(toDeadLetter);
  }

  async show(id: string): Promise<DeadLetter | null> {
    if (!/^[0-9]{1,18}$/.test(id)) return null;
    const { rows } = await this.pool.query<DeadLetterRow>(
      `SELECT ${COLUMNS} FROM ${this.schema}.dead_letters WHERE id = $1::bigint`,
      [id],
    );
    return rows[0] ? toDeadLetter(rows[0]) : null;
  }

  async replay(id: string): Promise<void> {
    const letter = await this.show(id);
    if (!letter) throw new DeadLetterNotFoundError(id);
    if (!this.transport) throw new Error('This dead-letter store has no transport to replay through');
    await this.transport.publish(replayTopic(letter.groupId), [replayMessage(letter)]);
    await this.pool.query(`UPDATE ${this.schema}.dead_letters SET replayed_at = now() WHERE id = $1::bigint`, [id]);
  }

  async record(letter: NewDeadLetter): Promise<void> {
    const { original } = letter;
    await this.pool.query(
      `INSERT INTO ${this.schema}.dead_letters (group_id, topic, partition, "offset", key, headers, payload, error,
                                                attempts, dead_lettered_at, source_topic, source_partition, source_offset)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12, $13)
       ON CONFLICT ON CONSTRAINT dead_letters_source_key DO NOTHING`,
      [
        letter.groupId,
        original.topic,
        original.partition,
        original.offset,
        original.key,
        JSON.stringify(original.headers),
        JSON.stringify(original.payload ?? null),
        letter.error,
        letter.attempts,
        letter.deadLetteredAt,
        letter.source.topic,
        letter.source.partition,
        letter.source.offset,
      ],
    );
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  const original: IncomingMessage = {
    topic: row.topic,
    partition: row.partition,
    offset: row.offset,
    key: row.key,
    headers: row.headers,
    payload: row.payload,
    attempt: row.attempts,
  };
  return {
    id: row.id,
    groupId: row.group_id,
    original,
    error: row.error,
    attempts: row.attempts,
    deadLetteredAt: row.dead_lettered_at.toISOString(),
    ...(row.replayed_at ? { replayedAt: row.replayed_at.toISOString() } : {}),
  };
}
