import type pg from 'pg';
import { InvalidAppendError, WrongExpectedRevisionError } from '../event-store.errors.js';
import {
  EventStore,
  START,
  type AppendOptions,
  type AppendResult,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type Subscription,
  type SubscriptionOptions,
} from '../event-store.port.js';
import type { UpcasterRegistry } from '../upcasting.js';
import { appendStatement, type AppendRow } from './postgres-append.js';
import { PostgresCheckpointStore } from './postgres-checkpoint-store.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './postgres-event-rows.js';
import {
  WRONG_EXPECTED_REVISION_SQLSTATE,
  assertSchemaName,
  eventStoreChannel,
} from './postgres-event-store.schema.js';
import { PostgresSubscription } from './postgres-subscription.js';

export { PostgresCheckpointStore } from './postgres-checkpoint-store.js';

export interface PostgresEventStoreOptions {
  /** Owned by the caller; `close()` leaves it open. Its connections may `SET ROLE` to {@link eventStoreAppRole}. */
  pool: pg.Pool;
  /** Where {@link installPostgresEventStore} installed the store. */
  schema: string;
  upcasters?: UpcasterRegistry;
  /** Gives each append its `recordedAt`. */
  clock?: () => Date;
  /** How often a live subscription polls when no notification wakes it. Default 500 ms. */
  pollIntervalMs?: number;
}

/** How often an append with `any` or `stream_exists` is retried after losing a race for the next revision. */
const RACE_RETRIES = 50;
const SUBSCRIPTION_BATCH = 256;
/** How long appends are gathered before one NOTIFY announces them all to other processes. */
const ANNOUNCE_WINDOW_MS = 5;
const MAX_REVISION = '9223372036854775807';

/**
 * The event store on PostgreSQL (ADR 002–004). An append is one statement: one round trip,
 * autocommitted, whatever the number of events.
 *
 * Appending an event id that is already recorded is refused: with a revision or `no_stream`
 * the revision check fails first ({@link WrongExpectedRevisionError}); with `any` or
 * `stream_exists` the unique event id does ({@link InvalidAppendError}). A retried append is
 * therefore never recorded twice, but it is not acknowledged as a success either.
 */
export class PostgresEventStore extends EventStore {
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly upcasters: UpcasterRegistry | undefined;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly checkpoints: PostgresCheckpointStore;
  private readonly subscriptions = new Set<PostgresSubscription>();
  private closed = false;
  private announcing = false;
  private announceAgain = false;

  constructor(options: PostgresEventStoreOptions) {
    super();
    assertSchemaName(options.schema);
    this.pool = options.pool;
    this.schema = options.schema;
    this.upcasters = options.upcasters;
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.checkpoints = new PostgresCheckpointStore(options.pool, options.schema);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const statement = appendStatement(this.schema, streamId, events, options, this.clock());
    for (let attempt = 0; ; attempt += 1) {
      try {
        const { rows } = await this.pool.query<AppendRow>(statement);
        const row = rows[0];
        this.announceAppend();
        return {
          nextExpectedRevision: Number(row.last_revision),
          position: { commit: BigInt(row.transaction_id), prepare: BigInt(row.last_position) },
        };
      } catch (error) {
        const failure = error as pg.DatabaseError;
        if (failure.code === WRONG_EXPECTED_REVISION_SQLSTATE) {
          const actual = failure.detail === 'no_stream' ? 'no_stream' : Number(failure.detail);
          throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
        }
        if (failure.code === '23505' && failure.constraint === 'events_stream_revision_key') {
          const flexible = options.expectedRevision === 'any' || options.expectedRevision === 'stream_exists';
          if (flexible && attempt < RACE_RETRIES) continue;
          throw new WrongExpectedRevisionError(streamId, options.expectedRevision, await this.lastRevision(streamId));
        }
        if (failure.code === '23505' && failure.constraint === 'events_event_id_key') {
          throw new InvalidAppendError(`Stream ${streamId}: an event id is already recorded (${failure.detail ?? ''})`);
        }
        if (typeof failure.code === 'string' && failure.code.startsWith('22')) {
          throw new InvalidAppendError(`Stream ${streamId}: ${failure.message}`);
        }
        throw error;
      }
    }
  }

  async readStream<E extends RecordedEvent = RecordedEvent>(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<ReadStreamResult<E>> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? MAX_REVISION : 0);
    const { rows } = await this.pool.query<EventRow & { last_revision: string | null }>({
      name: `es_read_stream_${backwards ? 'b' : 'f'}_${this.schema}`,
      text: `SELECT l.last_revision::text AS last_revision, e.*
               FROM (SELECT max(revision) AS last_revision FROM ${this.schema}.events WHERE stream_id = $1) l
               LEFT JOIN LATERAL (
                 SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events
                  WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
                  ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3
               ) e ON true`,
      values: [streamId, from, options.maxCount ?? null],
    });
    const last = rows[0]?.last_revision;
    return {
      events: rows.filter((row) => row.event_id !== null).map((row) => toRecordedEvent(row, this.upcasters) as E),
      revision: last === null || last === undefined ? 'no_stream' : Number(last),
    };
  }

  /**
   * The global log in (transaction id, sequence) order, strictly after `after`. Only events of
   * transactions below the oldest one still running are returned, so an event never appears
   * later before a position already read (ADR 003); the log may therefore lag behind appends
   * while some other transaction is open.
   */
  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAfter(options.after ?? START, options.maxCount ?? null, options.categories);
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    if (this.closed) throw new Error('The event store is closed');
    const subscription = new PostgresSubscription(
      {
        pool: this.pool,
        channel: eventStoreChannel(this.schema),
        checkpoints: this.checkpoints,
        pollIntervalMs: this.pollIntervalMs,
        batchSize: SUBSCRIPTION_BATCH,
        readAfter: (after, maxCount, categories) => this.readAfter(after, maxCount, categories),
        heldBack: (categories) => this.heldBack(categories),
      },
      options,
    );
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /**
   * Wakes subscribers once an append has committed: this store's own subscriptions at once, and
   * other processes' by a NOTIFY sent on a connection of its own, outside any appending
   * transaction. Announcements are coalesced: at most one NOTIFY per {@link ANNOUNCE_WINDOW_MS}
   * and one in flight, whatever the number of appends (each NOTIFY is a round trip and takes the
   * server's notification-queue lock). A lost notification costs at most one poll interval.
   */
  private announceAppend(): void {
    for (const subscription of this.subscriptions) subscription.poke();
    if (this.announcing || this.closed) {
      this.announceAgain = true;
      return;
    }
    this.announcing = true;
    this.announceAgain = false;
    const timer = setTimeout(() => {
      void this.pool
        .query({
          name: `es_announce_${this.schema}`,
          text: 'SELECT pg_notify($1, NULL)',
          values: [eventStoreChannel(this.schema)],
        })
        .catch(() => undefined)
        .finally(() => {
          this.announcing = false;
          if (this.announceAgain && !this.closed) this.announceAppend();
        });
    }, ANNOUNCE_WINDOW_MS);
    timer.unref();
  }

  /** Stops the subscriptions; the pool stays open. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  /**
   * Whether committed events of these categories wait behind the horizon: an older transaction,
   * anywhere on the server, is still running. The subscription then looks again shortly instead
   * of sleeping a whole poll interval.
   */
  private async heldBack(categories: readonly string[] | undefined): Promise<boolean> {
    const filtered = categories !== undefined;
    const { rows } = await this.pool.query<{ held: boolean }>({
      name: `es_held_back_${filtered ? 'c' : 'a'}_${this.schema}`,
      text: `SELECT EXISTS (SELECT 1 FROM ${this.schema}.events e
                             WHERE e.transaction_id >= pg_snapshot_xmin(pg_current_snapshot())
                             ${filtered ? 'AND e.category = ANY($1::text[])' : ''}) AS held`,
      values: filtered ? [[...categories]] : [],
    });
    return rows[0].held;
  }

  private async readAfter(
    after: GlobalPosition,
    maxCount: number | null,
    categories: readonly string[] | undefined,
  ): Promise<RecordedEvent[]> {
    const filtered = categories !== undefined;
    const { rows } = await this.pool.query<EventRow>({
      name: `es_read_all_${filtered ? 'c' : 'a'}_${this.schema}`,
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events e
              WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
                AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                ${filtered ? 'AND e.category = ANY($4::text[])' : ''}
              ORDER BY e.transaction_id, e.global_position
              LIMIT $3`,
      values: [after.commit.toString(), after.prepare.toString(), maxCount, ...(filtered ? [[...categories]] : [])],
    });
    return rows.map((row) => toRecordedEvent(row, this.upcasters));
  }

  private async lastRevision(streamId: string): Promise<number | 'no_stream'> {
    const { rows } = await this.pool.query<{ last: string | null }>(
      `SELECT max(revision)::text AS last FROM ${this.schema}.events WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0].last === null ? 'no_stream' : Number(rows[0].last);
  }
}
