import { randomInt } from 'node:crypto';
import type pg from 'pg';
import { deadLetterHeaders } from '../dead-letters/dead-letter-headers.js';
import {
  InterruptibleSleeps,
  deliver,
  resolveRetryPolicy,
  type ConsumerLagGauge,
  type DeliveryOutcome,
} from '../dead-letters/delivery.js';
import { replayTopic, unwrapReplay } from '../dead-letters/replay.js';
import {
  deadLetterTopic,
  type ConsumeOptions,
  type Consumer,
  type IncomingMessage,
  type MessageHeaders,
  type RetryPolicy,
} from '../transport.port.js';
import { partitionOf } from './partitioning.js';
import { membersChannel, messagesChannel } from './postgres-log-schema.js';

/** What a consumer needs from its transport. */
export interface ConsumerContext {
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly partitions: number;
  readonly pollIntervalMs: number;
  readonly clock: () => Date;
  readonly lag: ConsumerLagGauge | undefined;
  readonly retryPolicy: Partial<RetryPolicy> | undefined;
  /** A message was appended to `topic` (a dead letter): wake its consumers. */
  announce(topic: string): void;
}

interface MessageRow {
  sequence: string;
  transaction_id: string;
  key: string;
  headers: MessageHeaders;
  payload: unknown;
  visible: boolean;
}

interface Position {
  readonly transactionId: string;
  readonly sequence: string;
}

const START: Position = { transactionId: '0', sequence: '0' };
const BATCH = 100;
/** How soon a partition looks again when committed messages wait behind an older running transaction. */
const HELD_BACK_RETRY_MS = 25;

/** One partition this consumer owns: the advisory lock is held while `done` is pending. */
class PartitionWorker {
  releasing = false;
  notified = false;
  done: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly lockKey: string,
  ) {}

  wake(): void {
    this.notified = true;
    this.wakeUp?.();
  }

  waitForWake(ms: number): Promise<void> {
    if (this.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeUp = finish;
    });
  }
}

/**
 * A consumer of the PostgreSQL log (ADR 021). It holds one pooled connection for its whole life,
 * on which it
 *
 * - is a member of its group for each topic (a shared advisory lock per (group, topic), counted
 *   in `pg_locks` by every member),
 * - owns partitions (an exclusive session advisory lock per (group, topic, partition)): at most
 *   `ceil(partitions / members)` of each topic, releasing extras when members join and taking
 *   free ones when members leave or die (a dead process's session ends and its locks with it),
 * - commits offsets — so a commit can only come from the session that holds the partition — and
 *   LISTENs for publishes and membership changes.
 *
 * Each owned partition has a loop that reads it in order, hands each message to the handler
 * (with retries, then a dead letter), and commits the offset after the handler resolved.
 */
export class PostgresLogConsumer implements Consumer {
  readonly done: Promise<void>;
  private readonly topics: readonly string[];
  private readonly policy: RetryPolicy;
  private readonly workers = new Map<string, PartitionWorker>();
  private readonly sleeps = new InterruptibleSleeps();
  private readonly rotation: number;
  private connection: pg.PoolClient | undefined;
  private sessionQueue: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private failure: unknown;
  private rebalanceRequested = false;
  private wakeRebalancer: (() => void) | undefined;

  constructor(
    private readonly context: ConsumerContext,
    private readonly options: ConsumeOptions,
  ) {
    this.topics = [...new Set([...options.topics, replayTopic(options.groupId)])];
    this.policy = resolveRetryPolicy(context.retryPolicy, options.retry);
    this.rotation = randomInt(context.partitions);
    this.done = this.run();
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeps.interruptAll();
    for (const worker of this.workers.values()) worker.wake();
    this.wakeRebalancer?.();
    await this.done.catch(() => undefined);
  }

  /** A message was published to `topic` (undefined: to any topic). */
  poke(topic?: string): void {
    for (const worker of this.workers.values()) if (topic === undefined || worker.topic === topic) worker.wake();
  }

  private fail(error: unknown): void {
    if (this.failure === undefined) this.failure = error;
    void this.stop();
  }

  private async run(): Promise<void> {
    const { pool, schema } = this.context;
    let connectionError: Error | undefined;
    const onConnectionError = (error: Error) => {
      connectionError = error;
      this.fail(error);
    };
    try {
      const connection = await pool.connect();
      this.connection = connection;
      connection.on('error', onConnectionError);
      connection.on('notification', (notification) => {
        if (notification.channel === messagesChannel(schema)) {
          if (!notification.payload) this.poke();
          else for (const topic of notification.payload.split('\n')) this.poke(topic);
        } else if (notification.channel === membersChannel(schema) && notification.payload === this.options.groupId) {
          this.requestRebalance();
        }
      });
      await connection.query(`LISTEN "${messagesChannel(schema)}"; LISTEN "${membersChannel(schema)}"`);
      await connection.query('SELECT pg_advisory_lock_shared(hashtext($1), hashtext(k)) FROM unnest($2::text[]) AS k', [
        this.memberNamespace(),
        this.topics.map((topic) => this.memberKey(topic)),
      ]);
      await this.announceMembership();
      while (!this.stopping) {
        this.rebalanceRequested = false;
        await this.rebalance();
        await this.waitForRebalance();
      }
    } catch (error) {
      if (this.failure === undefined) this.failure = error;
    } finally {
      this.stopping = true;
      this.sleeps.interruptAll();
      for (const worker of this.workers.values()) worker.wake();
      await Promise.all([...this.workers.values()].map((worker) => worker.done));
      for (const worker of this.workers.values()) this.forgetLag(worker);
      this.workers.clear();
      await this.releaseConnection(connectionError, onConnectionError);
      await this.announceMembership().catch(() => undefined);
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private async releaseConnection(error: Error | undefined, onError: (error: Error) => void): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    connection.removeAllListeners('notification');
    if (error || this.failure !== undefined) {
      connection.release(error ?? true);
      return;
    }
    try {
      await connection.query('SELECT pg_advisory_unlock_all(); UNLISTEN *');
      connection.removeListener('error', onError);
      connection.release();
    } catch (releaseError) {
      connection.release(releaseError instanceof Error ? releaseError : true);
    }
  }

  private requestRebalance(): void {
    this.rebalanceRequested = true;
    this.wakeRebalancer?.();
  }

  private waitForRebalance(): Promise<void> {
    if (this.rebalanceRequested || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wakeRebalancer = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.context.pollIntervalMs);
      this.wakeRebalancer = finish;
    });
  }

  private memberNamespace(): string {
    return `messaging-members:${this.context.schema}`;
  }

  private memberKey(topic: string): string {
    return JSON.stringify([this.options.groupId, topic]);
  }

  private async announceMembership(): Promise<void> {
    await this.context.pool.query('SELECT pg_notify($1, $2)', [
      membersChannel(this.context.schema),
      this.options.groupId,
    ]);
  }

  /**
   * Owns `ceil(partitions / members)` partitions of each topic: releases the highest-numbered
   * extras (each finishes its message in hand and commits first), or tries to lock free ones,
   * starting at a random partition so that members joining together do not contend.
   */
  private async rebalance(): Promise<void> {
    const { pool, partitions } = this.context;
    const { rows } = await pool.query<{ ord: string; members: number }>({
      name: 'mq_group_members',
      text: `SELECT u.ord::text AS ord, count(l.pid)::integer AS members
               FROM unnest($2::text[]) WITH ORDINALITY AS u(key, ord)
               LEFT JOIN pg_locks l
                 ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.classid = hashtext($1)::oid AND l.objid = hashtext(u.key)::oid
              GROUP BY u.ord ORDER BY u.ord`,
      values: [this.memberNamespace(), this.topics.map((topic) => this.memberKey(topic))],
    });
    for (const [index, topic] of this.topics.entries()) {
      if (this.stopping) return;
      const members = Math.max(1, rows[index]?.members ?? 1);
      const target = Math.ceil(partitions / members);
      const owned = [...this.workers.values()].filter((worker) => worker.topic === topic && !worker.releasing);
      if (owned.length > target) {
        owned.sort((a, b) => b.partition - a.partition);
        for (const worker of owned.slice(0, owned.length - target)) {
          worker.releasing = true;
          worker.wake();
        }
        continue;
      }
      let count = owned.length;
      for (let step = 0; step < partitions && count < target && !this.stopping; step += 1) {
        const partition = (this.rotation + step) % partitions;
        const id = workerId(topic, partition);
        if (this.workers.has(id)) continue;
        const lockKey = `messaging-partition:${this.context.schema}:${JSON.stringify([this.options.groupId, topic, partition])}`;
        if (await this.tryLock(lockKey)) {
          count += 1;
          this.start(new PartitionWorker(topic, partition, lockKey));
        }
      }
    }
  }

  private async tryLock(lockKey: string): Promise<boolean> {
    const { rows } = await this.onSession<{ locked: boolean }>({
      name: 'mq_try_lock',
      text: 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      values: [lockKey],
    });
    return rows[0].locked;
  }

  private start(worker: PartitionWorker): void {
    const id = workerId(worker.topic, worker.partition);
    this.workers.set(id, worker);
    worker.done = this.runPartition(worker).then(
      async () => {
        if (this.stopping || !worker.releasing) return;
        // Released to another member: unlock (the offset is committed) and tell the group.
        this.workers.delete(id);
        this.forgetLag(worker);
        await this.onSession({
          name: 'mq_unlock',
          text: 'SELECT pg_advisory_unlock(hashtextextended($1, 0))',
          values: [worker.lockKey],
        });
        await this.announceMembership();
      },
      (error: unknown) => this.fail(error),
    );
    worker.done = worker.done.catch((error: unknown) => this.fail(error));
  }

  /**
   * Runs a statement on the session connection, one at a time: the session holds the partition
   * locks, so commits of concurrent partition workers must share it, and a pg client must not be
   * given a query while another is in flight.
   */
  private onSession<R extends pg.QueryResultRow = pg.QueryResultRow>(
    query: pg.QueryConfig,
  ): Promise<pg.QueryResult<R>> {
    const run = this.sessionQueue.then(() => this.session().query<R>(query));
    this.sessionQueue = run.catch(() => undefined);
    return run;
  }

  private session(): pg.PoolClient {
    if (!this.connection) throw new Error('The consumer has no connection');
    return this.connection;
  }

  private async runPartition(worker: PartitionWorker): Promise<void> {
    let position = await this.loadOffset(worker);
    while (!this.stopping && !worker.releasing) {
      worker.notified = false;
      const rows = await this.read(worker, position);
      const visible = rows.filter((row) => row.visible);
      let lag = rows.length < BATCH ? rows.length : await this.countAfter(worker, position);
      this.setLag(worker, lag);
      for (const row of visible) {
        if (this.stopping || worker.releasing) break;
        const outcome = await this.handle(worker, row);
        if (outcome.kind === 'interrupted') break;
        position = { transactionId: row.transaction_id, sequence: row.sequence };
        lag = Math.max(0, lag - 1);
        this.setLag(worker, lag);
      }
      if (visible.length > 0) continue;
      const heldBack = rows.length > 0;
      await worker.waitForWake(heldBack ? HELD_BACK_RETRY_MS : this.context.pollIntervalMs);
    }
  }

  private async handle(worker: PartitionWorker, row: MessageRow): Promise<DeliveryOutcome> {
    const read: Omit<IncomingMessage, 'attempt'> = {
      topic: worker.topic,
      partition: worker.partition,
      offset: row.sequence,
      key: row.key,
      headers: row.headers,
      payload: row.payload,
    };
    const isReplay = worker.topic === replayTopic(this.options.groupId);
    const message = isReplay ? unwrapReplay(read) : read;
    const outcome: DeliveryOutcome = message
      ? await deliver(message, this.options, { policy: this.policy, sleep: this.sleeps.sleep })
      : { kind: 'dead-letter', error: 'Not a replay envelope', attempts: 0 };
    if (outcome.kind === 'handled') await this.commit(worker, row);
    if (outcome.kind === 'dead-letter') await this.deadLetter(worker, row, message ?? read, outcome);
    return outcome;
  }

  private async loadOffset(worker: PartitionWorker): Promise<Position> {
    const { rows } = await this.context.pool.query<{ transaction_id: string; sequence: string }>({
      name: `mq_load_offset_${this.context.schema}`,
      text: `SELECT transaction_id::text AS transaction_id, sequence::text AS sequence
               FROM ${this.context.schema}.consumer_offsets WHERE group_id = $1 AND topic = $2 AND partition = $3`,
      values: [this.options.groupId, worker.topic, worker.partition],
    });
    return rows[0] ? { transactionId: rows[0].transaction_id, sequence: rows[0].sequence } : START;
  }

  /**
   * The partition after `position` in (transaction id, sequence) order, flagged visible when its
   * transaction is below the oldest one still running: only those may be handled, since a
   * running transaction could still commit a message before them. The visible rows come first.
   */
  private async read(worker: PartitionWorker, position: Position): Promise<MessageRow[]> {
    const { schema } = this.context;
    const { rows } = await this.context.pool.query<MessageRow>({
      name: `mq_read_${schema}`,
      text: `SELECT m.sequence::text AS sequence, m.transaction_id::text AS transaction_id, m.key, m.headers,
                    m.payload, m.transaction_id < h.horizon AS visible
               FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) h,
                    LATERAL (SELECT * FROM ${schema}.messages
                              WHERE topic = $1 AND partition = $2
                                AND (transaction_id, sequence) > ($3::xid8, $4::bigint)
                              ORDER BY transaction_id, sequence LIMIT $5) m
              ORDER BY m.transaction_id, m.sequence`,
      values: [worker.topic, worker.partition, position.transactionId, position.sequence, BATCH],
    });
    return rows;
  }

  private async countAfter(worker: PartitionWorker, position: Position): Promise<number> {
    const { schema } = this.context;
    const { rows } = await this.context.pool.query<{ lag: number }>({
      name: `mq_count_${schema}`,
      text: `SELECT count(*)::integer AS lag FROM ${schema}.messages
              WHERE topic = $1 AND partition = $2 AND (transaction_id, sequence) > ($3::xid8, $4::bigint)`,
      values: [worker.topic, worker.partition, position.transactionId, position.sequence],
    });
    return rows[0].lag;
  }

  /** On the session that holds the partition's lock; never moves an offset backwards. */
  private async commit(worker: PartitionWorker, row: MessageRow): Promise<void> {
    const { schema } = this.context;
    await this.onSession({
      name: `mq_commit_${schema}`,
      text: `INSERT INTO ${schema}.consumer_offsets AS o (group_id, topic, partition, transaction_id, sequence, updated_at)
             VALUES ($1, $2, $3, $4::xid8, $5::bigint, now())
             ON CONFLICT (group_id, topic, partition) DO UPDATE
               SET transaction_id = excluded.transaction_id, sequence = excluded.sequence, updated_at = excluded.updated_at
               WHERE (o.transaction_id, o.sequence) < (excluded.transaction_id, excluded.sequence)`,
      values: [this.options.groupId, worker.topic, worker.partition, row.transaction_id, row.sequence],
    });
  }

  /**
   * One statement, so one transaction: records the dead letter, publishes it to
   * `dead-letter.<groupId>` with the error in its headers, and commits the offset. A dead letter
   * already recorded for this position (a redelivery after a crash) is neither recorded nor
   * published again.
   */
  private async deadLetter(
    worker: PartitionWorker,
    row: MessageRow,
    message: Omit<IncomingMessage, 'attempt'>,
    outcome: Extract<DeliveryOutcome, { kind: 'dead-letter' }>,
  ): Promise<void> {
    const { schema, partitions, clock } = this.context;
    const { groupId } = this.options;
    const topic = deadLetterTopic(groupId);
    const extraHeaders = deadLetterHeaders({
      error: outcome.error,
      groupId,
      originalTopic: message.topic,
      originalPartition: message.partition,
      originalOffset: message.offset,
      attempts: outcome.attempts,
    });
    await this.onSession({
      name: `mq_dead_letter_${schema}`,
      text: `WITH letter AS (
               INSERT INTO ${schema}.dead_letters (group_id, topic, partition, "offset", key, headers, payload, error,
                                                   attempts, dead_lettered_at, source_topic, source_partition, source_offset)
               VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12, $13)
               ON CONFLICT ON CONSTRAINT dead_letters_source_key DO NOTHING
               RETURNING id
             ), published AS (
               INSERT INTO ${schema}.messages (topic, partition, key, headers, payload, published_at)
               SELECT $14, $15, $5, $6::jsonb || $16::jsonb, $7::jsonb, $10 FROM letter
             ), committed AS (
               INSERT INTO ${schema}.consumer_offsets AS o (group_id, topic, partition, transaction_id, sequence, updated_at)
               VALUES ($1, $11, $12, $17::xid8, $18::bigint, now())
               ON CONFLICT (group_id, topic, partition) DO UPDATE
                 SET transaction_id = excluded.transaction_id, sequence = excluded.sequence, updated_at = excluded.updated_at
                 WHERE (o.transaction_id, o.sequence) < (excluded.transaction_id, excluded.sequence)
             )
             SELECT id::text AS id FROM letter`,
      values: [
        groupId,
        message.topic,
        message.partition,
        message.offset,
        message.key,
        JSON.stringify(message.headers),
        JSON.stringify(message.payload ?? null),
        outcome.error,
        outcome.attempts,
        clock(),
        worker.topic,
        worker.partition,
        row.sequence,
        topic,
        partitionOf(message.key, partitions),
        JSON.stringify(extraHeaders),
        row.transaction_id,
        row.sequence,
      ],
    });
    this.context.announce(topic);
  }

  private setLag(worker: PartitionWorker, lag: number): void {
    this.context.lag?.set(this.lagLabels(worker), lag);
  }

  private forgetLag(worker: PartitionWorker): void {
    this.context.lag?.remove(this.lagLabels(worker));
  }

  private lagLabels(worker: PartitionWorker) {
    return { group: this.options.groupId, topic: worker.topic, partition: String(worker.partition) };
  }
}

function workerId(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
