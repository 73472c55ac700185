import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { integrationContracts, type ReferralReceivedV1 } from '@lib/contracts';
import {
  installPostgresEventStore,
  PostgresCheckpointStore,
  PostgresEventStore,
  type AppendOptions,
  type RecordedEvent,
  type Subscription,
} from '@lib/event-store';
import {
  installPostgresInbox,
  installPostgresLogTransport,
  PostgresInbox,
  PostgresLogTransport,
  Relay,
  type Consumer,
} from '@lib/messaging';
import pg from 'pg';
import { alternate, type Figures, type Measurement } from './bench-kit.js';

/**
 * End to end on the embedded transport: a domain event appended to the event store, relayed
 * (mapped, checked against its contract, published to the PostgreSQL log), consumed in a group
 * (checked again, recorded in the inbox) and applied to a read-model table — measured from the
 * append's call to the effect's commit.
 *
 * Baseline, in the same run on the same server: the same append and the same effect, applied
 * straight from an event-store subscription (what a projection inside the service does). The
 * difference is what the relay, the log and the inbox cost.
 *
 * The appender, the relay and the consumer each have their own pool and their own store or
 * transport instance, so that they wake one another by NOTIFY as separate processes do, not by
 * the in-process shortcut.
 */
export interface MessagingBenchOptions {
  readonly serverUrl: (database: string) => string;
  readonly scale: number;
  readonly rounds: number;
}

export interface MessagingRow {
  readonly scenario: string;
  readonly subject: Figures;
  readonly baseline: Figures;
}

const STORE = 'bench_mq_store';
const BUS = 'bench_mq_bus';
const READ_MODEL = 'bench_mq_rm';
const TOPIC = 'referral-intake.referrals';
const context: Omit<AppendOptions, 'expectedRevision'> = {
  actor: { id: 'bench-officer', role: 'police-officer' },
  correlationId: randomUUID(),
};

function referralRecorded(referralId: string) {
  return {
    type: 'ReferralRecorded',
    data: {
      referralId,
      subjectName: 'encrypted elsewhere',
      area: 'E08000025',
      age: 15,
      rationale: 'Concerning online activity reported by the school; parents engaged.',
    },
  };
}

function map(event: RecordedEvent) {
  const data = event.data as { referralId: string; area: string; age: number };
  const payload: ReferralReceivedV1 = {
    referralId: data.referralId,
    area: data.area,
    region: 'E12000005',
    sector: 'education',
    concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
    ageAtReferral: data.age,
    gender: 'female',
    receivedAt: event.recordedAt.toISOString(),
  };
  return [{ topic: TOPIC, type: 'ReferralReceived', version: 1, payload }];
}

/** Resolves a waiter when the effect of a referral id has committed; records its latency. */
class Effects {
  private readonly waiting = new Map<string, { started: number; resolve: () => void }>();
  latencies: number[] = [];

  expect(referralId: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(referralId, { started: performance.now(), resolve }));
  }

  applied(referralId: string): void {
    const waiter = this.waiting.get(referralId);
    if (!waiter) return;
    this.waiting.delete(referralId);
    this.latencies.push(performance.now() - waiter.started);
    waiter.resolve();
  }
}

export async function runMessagingBench(options: MessagingBenchOptions): Promise<MessagingRow[]> {
  const database = `benchmq_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.serverUrl('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const pools: pg.Pool[] = [];
  const openPool = (max: number) => {
    const pool = new pg.Pool({ connectionString: options.serverUrl(database), max });
    pool.on('error', () => undefined);
    pools.push(pool);
    return pool;
  };
  const appenderPool = openPool(8);
  const relayPool = openPool(4);
  const consumerPool = openPool(12);
  const projectionPool = openPool(4);
  const stoppers: (() => Promise<unknown>)[] = [];
  try {
    await installPostgresEventStore(appenderPool, STORE);
    await installPostgresLogTransport(appenderPool, BUS);
    await installPostgresInbox(appenderPool, READ_MODEL);
    await appenderPool.query(
      `CREATE TABLE ${READ_MODEL}.effects (referral_id uuid PRIMARY KEY, area text NOT NULL, age integer NOT NULL)`,
    );
    const registry = integrationContracts();
    const appender = new PostgresEventStore({ pool: appenderPool, schema: STORE });
    const subjectEffects = new Effects();
    const baselineEffects = new Effects();
    const applyEffect = (db: pg.Pool | pg.PoolClient, referralId: string, area: string, age: number) =>
      db.query(`INSERT INTO ${READ_MODEL}.effects (referral_id, area, age) VALUES ($1, $2, $3)`, [
        referralId,
        area,
        age,
      ]);

    // Subject: relay → PostgreSQL log → consumer group with inbox → effect.
    const relayStore = new PostgresEventStore({ pool: relayPool, schema: STORE });
    const relayTransport = new PostgresLogTransport({ pool: relayPool, schema: BUS });
    const relay = new Relay({
      store: relayStore,
      transport: relayTransport,
      registry,
      subscriptionId: 'bench-relay',
      categories: ['benchs'],
      checkpoints: new PostgresCheckpointStore(relayPool, STORE),
      map,
    });
    relay.start();
    stoppers.push(
      () => relay.stop(),
      () => relayTransport.close(),
      () => relayStore.close(),
    );
    const consumerTransport = new PostgresLogTransport({ pool: consumerPool, schema: BUS });
    const inbox = new PostgresInbox({ pool: consumerPool, schema: READ_MODEL });
    const validate = registry.consumeValidator({ types: ['ReferralReceived'] });
    const consumer: Consumer = consumerTransport.consume({
      topics: [TOPIC],
      groupId: 'bench.read-model',
      validate,
      handler: async (message) => {
        const payload = message.payload as ReferralReceivedV1;
        await inbox.handleOnce('bench.read-model', message, async (tx) => {
          await applyEffect(tx, payload.referralId, payload.area, payload.ageAtReferral!);
        });
        subjectEffects.applied(payload.referralId);
      },
    });
    stoppers.push(
      () => consumer.stop(),
      () => consumerTransport.close(),
    );

    // Baseline: the same effect straight from an event-store subscription.
    const projectionStore = new PostgresEventStore({ pool: projectionPool, schema: STORE });
    const projection: Subscription = projectionStore.subscribeToAll({
      subscriptionId: 'bench-projection',
      categories: ['benchb'],
      handler: async (event) => {
        const data = event.data as { referralId: string; area: string; age: number };
        await applyEffect(projectionPool, data.referralId, data.area, data.age);
        baselineEffects.applied(data.referralId);
      },
    });
    stoppers.push(
      () => projection.stop(),
      () => projectionStore.close(),
    );

    /** One event at a time: append, wait for its effect, next. */
    const oneAtATime = async (category: string, effects: Effects, count: number): Promise<Measurement> => {
      effects.latencies = [];
      const started = performance.now();
      for (let i = 0; i < count; i += 1) {
        const referralId = randomUUID();
        const applied = effects.expect(referralId);
        await appender.appendToStream(`${category}-${referralId}`, [referralRecorded(referralId)], {
          ...context,
          expectedRevision: 'no_stream',
        });
        await applied;
      }
      return measurement(effects.latencies, performance.now() - started);
    };

    /** Four writers appending batches of 10 as fast as they can; done when every effect has committed. */
    const underLoad = async (category: string, effects: Effects, batchesPerWriter: number): Promise<Measurement> => {
      effects.latencies = [];
      const applied: Promise<void>[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let b = 0; b < batchesPerWriter; b += 1) {
            const ids = Array.from({ length: 10 }, () => randomUUID());
            applied.push(...ids.map((id) => effects.expect(id)));
            await appender.appendToStream(`${category}-${ids[0]}`, ids.map(referralRecorded), {
              ...context,
              expectedRevision: 'no_stream',
            });
          }
        }),
      );
      await Promise.all(applied);
      return measurement(effects.latencies, performance.now() - started);
    };

    const single = 100 * options.scale;
    const batches = 25 * options.scale;
    const rows: MessagingRow[] = [];
    rows.push({
      scenario: `append → effect, one event at a time (${single} events)`,
      ...(await alternate(
        options.rounds,
        () => oneAtATime('benchs', subjectEffects, single),
        () => oneAtATime('benchb', baselineEffects, single),
      )),
    });
    rows.push({
      scenario: `append → effect, 4 writers × batches of 10 (${4 * 10 * batches} events)`,
      ...(await alternate(
        options.rounds,
        () => underLoad('benchs', subjectEffects, batches),
        () => underLoad('benchb', baselineEffects, batches),
      )),
    });
    return rows;
  } finally {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    await Promise.all(pools.map((pool) => pool.end()));
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

function measurement(latencies: number[], elapsedMs: number): Measurement {
  return {
    operations: latencies.length,
    itemsPerOperation: 1,
    seconds: elapsedMs / 1000,
    latenciesMs: Float64Array.from(latencies),
    heapDeltaMb: 0,
  };
}

const number = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

/** A Markdown table: the relayed flow beside the direct subscription, per event from append to committed effect. */
export function messagingTable(rows: readonly MessagingRow[]): string {
  const lines = [
    '| scenario | relay + log + inbox | direct subscription (baseline) | ratio | p50 ms (relayed / direct) | p99 ms (relayed / direct) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.scenario} | ${number(row.subject.itemsPerSecond)} events/s | ${number(row.baseline.itemsPerSecond)} events/s | ` +
        `${number(row.subject.itemsPerSecond / row.baseline.itemsPerSecond, 2)} | ` +
        `${number(row.subject.p50Ms, 2)} / ${number(row.baseline.p50Ms, 2)} | ` +
        `${number(row.subject.p99Ms, 2)} / ${number(row.baseline.p99Ms, 2)} |`,
    );
  }
  return lines.join('\n');
}
