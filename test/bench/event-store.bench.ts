import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  installPostgresEventStore,
  PostgresEventStore,
  type AppendOptions,
  type EventStore,
  type NewEvent,
} from '@lib/event-store';
import { alternate, measureConcurrent, measureOnce, type ComparedRow } from './bench-kit.js';

/**
 * Event-store throughput and latency, each figure beside a raw-PostgreSQL baseline measured in
 * the same run on the same server: plain INSERTs (and SELECTs) of the same rows into a copy of
 * the events table without its function, triggers, notification or hashing, with the same
 * number of round trips. The ratio says what the store's guarantees cost.
 */
export interface EventStoreBenchOptions {
  readonly serverUrl: (database: string) => string;
  readonly scale: number;
  readonly rounds: number;
}

const SCHEMA = 'bench_store';
const BASELINE = 'bench_baseline';
const context: Omit<AppendOptions, 'expectedRevision'> = {
  actor: { id: 'bench-officer', role: 'police-officer' },
  correlationId: randomUUID(),
  reason: 'benchmark',
};

/** A referral-sized event: a few hundred bytes of JSON, like the real ones. */
function anEvent(index: number): NewEvent {
  return {
    type: 'ReferralTriaged',
    data: {
      referralId: `r-${index}`,
      outcome: 'referred-to-channel',
      area: 'E08000025',
      rationale: 'Concerning online activity reported by the school; parents engaged; needs multi-agency support.',
      concernTypes: ['extreme-right-wing', 'online'],
      decidedAt: '2025-03-01T10:00:00.000Z',
    },
  };
}

export async function runEventStoreBench(options: EventStoreBenchOptions): Promise<ComparedRow[]> {
  const database = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.serverUrl('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const pool = new pg.Pool({ connectionString: options.serverUrl(database), max: 10 });
  pool.on('error', () => undefined); // idle connections are terminated when the database is dropped
  const rows: ComparedRow[] = [];
  let opened: PostgresEventStore | undefined;
  try {
    await installPostgresEventStore(pool, SCHEMA);
    await pool.query(`CREATE SCHEMA ${BASELINE}`);
    await pool.query(
      `CREATE TABLE ${BASELINE}.events (LIKE ${SCHEMA}.events INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)`,
    );
    const store = new PostgresEventStore({ pool, schema: SCHEMA });
    opened = store;
    const baseline = new Baseline(pool);

    for (const writers of [1, 8]) {
      const perWriter = Math.max(50, Math.floor((500 * options.scale) / writers));
      const result = await alternate(
        options.rounds,
        () => {
          const runId = randomBytes(4).toString('hex');
          const revisions = new Map<string, number>();
          return measureConcurrent({
            workers: writers,
            operationsPerWorker: perWriter,
            operation: async (worker, index) => {
              const streamId = `referral-${runId}w${worker}s${index % 10}`;
              const appended = await store.appendToStream(streamId, [anEvent(index)], {
                ...context,
                expectedRevision: revisions.get(streamId) ?? 'no_stream',
              });
              revisions.set(streamId, appended.nextExpectedRevision);
            },
          });
        },
        () => {
          const runId = randomBytes(4).toString('hex');
          return measureConcurrent({
            workers: writers,
            operationsPerWorker: perWriter,
            operation: (worker, index) =>
              baseline.insert(`referral-${runId}w${worker}s${index % 10}`, Math.floor(index / 10), [anEvent(index)]),
          });
        },
      );
      rows.push({
        scenario: `append 1 event, ${writers} writer${writers > 1 ? 's' : ''}`,
        unit: 'events/s',
        ...result,
      });
    }

    {
      const batches = 100 * options.scale;
      const batch = (index: number) => Array.from({ length: 10 }, (_, offset) => anEvent(index * 10 + offset));
      const result = await alternate(
        options.rounds,
        () => {
          const runId = randomBytes(4).toString('hex');
          return measureConcurrent({
            workers: 1,
            operationsPerWorker: batches,
            itemsPerOperation: 10,
            operation: (_, index) =>
              store.appendToStream(`referral-${runId}b${index}`, batch(index), {
                ...context,
                expectedRevision: 'no_stream',
              }),
          });
        },
        () => {
          const runId = randomBytes(4).toString('hex');
          return measureConcurrent({
            workers: 1,
            operationsPerWorker: batches,
            itemsPerOperation: 10,
            operation: (_, index) => baseline.insert(`referral-${runId}b${index}`, 0, batch(index)),
          });
        },
      );
      rows.push({ scenario: 'append batches of 10, 1 writer', unit: 'events/s', ...result });
    }

    {
      const streamId = `referral-long${randomBytes(3).toString('hex')}`;
      for (let start = 0; start < 1000; start += 100) {
        await store.appendToStream(
          streamId,
          Array.from({ length: 100 }, (_, offset) => anEvent(start + offset)),
          { ...context, expectedRevision: start === 0 ? 'no_stream' : start - 1 },
        );
      }
      await baseline.copyStream(SCHEMA, streamId);
      const reads = 10 * options.scale;
      const result = await alternate(
        options.rounds,
        () =>
          measureConcurrent({
            workers: 1,
            operationsPerWorker: reads,
            itemsPerOperation: 1000,
            operation: () => store.readStream(streamId),
          }),
        () =>
          measureConcurrent({
            workers: 1,
            operationsPerWorker: reads,
            itemsPerOperation: 1000,
            operation: () => baseline.readStream(streamId),
          }),
      );
      rows.push({ scenario: 'read a 1,000-event stream', unit: 'events/s', ...result });
    }

    {
      const total = Number((await pool.query(`SELECT count(*) AS n FROM ${SCHEMA}.events`)).rows[0].n);
      const result = await alternate(
        options.rounds,
        () => measureOnce(total, () => catchUp(store, total)),
        () => measureOnce(total, () => baseline.scanInBatches(SCHEMA, 256)),
      );
      rows.push({
        scenario: `global-log catch-up (${total.toLocaleString('en-GB')} events)`,
        unit: 'events/s',
        ...result,
      });
    }
    return rows;
  } finally {
    await opened?.close();
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

async function catchUp(store: EventStore, total: number): Promise<void> {
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    const subscription = store.subscribeToAll({
      subscriptionId: `bench-${randomUUID()}`,
      handler: async () => {
        seen += 1;
      },
      onCaughtUp: () => {
        if (seen >= total) subscription.stop().then(resolve, reject);
      },
      onError: reject,
    });
  });
}

/** The same rows, written and read with plain SQL and the same number of round trips. */
class Baseline {
  private readonly metadata = JSON.stringify({
    actorId: 'bench-officer',
    actorRole: 'police-officer',
    correlationId: randomUUID(),
    reason: 'benchmark',
    recordedAt: new Date().toISOString(),
  });
  private readonly hash = randomBytes(32);

  constructor(private readonly pool: pg.Pool) {}

  insert(streamId: string, firstRevision: number, events: readonly NewEvent[]): Promise<unknown> {
    return this.pool.query({
      name: 'baseline_insert',
      text: `INSERT INTO ${BASELINE}.events (event_id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash)
             SELECT e.event_id, $1, split_part($1, '-', 1), $2 + e.ord - 1, e.type, 1, e.data, $5::jsonb, now(), $6, $6
             FROM unnest($3::uuid[], $4::text[], $7::jsonb[]) WITH ORDINALITY AS e(event_id, type, data, ord)`,
      values: [
        streamId,
        firstRevision * events.length,
        events.map(() => randomUUID()),
        events.map((event) => event.type),
        this.metadata,
        this.hash,
        events.map((event) => JSON.stringify(event.data)),
      ],
    });
  }

  async copyStream(schema: string, streamId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${BASELINE}.events (event_id, stream_id, category, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash)
       SELECT gen_random_uuid(), stream_id, category, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash
       FROM ${schema}.events WHERE stream_id = $1`,
      [streamId],
    );
  }

  async readStream(streamId: string): Promise<unknown[]> {
    const { rows } = await this.pool.query({
      name: 'baseline_read',
      text: `SELECT global_position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash
             FROM ${BASELINE}.events WHERE stream_id = $1 ORDER BY revision`,
      values: [streamId],
    });
    return rows;
  }

  /** Keyset pages over the store's own table, in the same batch size as a subscription. */
  async scanInBatches(schema: string, batchSize: number): Promise<void> {
    let after = '0';
    for (;;) {
      const { rows } = await this.pool.query<{ global_position: string }>(
        `SELECT global_position, transaction_id, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash
         FROM ${schema}.events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
        [after, batchSize],
      );
      if (rows.length === 0) return;
      after = rows[rows.length - 1].global_position;
    }
  }
}
