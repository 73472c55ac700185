import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { installPostgresEventStore, PostgresEventStore } from '@lib/event-store';
import { createTestDatabase, type TestDatabase } from '../../libs/testing/src/test-postgres.js';
import {
  installPostgresInbox,
  installPostgresLogTransport,
  PostgresDeadLetters,
  PostgresLogTransport,
} from '@lib/messaging';
import {
  BUS_SCHEMA,
  CATEGORY,
  GROUP_ID,
  READ_MODEL_SCHEMA,
  STORE_SCHEMA,
  TOPIC,
  readModelDdl,
  seededRandom,
} from './fault-fixture.js';

/**
 * The fault test: 10,000 events across 500 streams are appended while the relay and the
 * consumer — real processes, running the built code — are killed with SIGKILL and restarted at
 * random moments. Afterwards the read model must hold every event's effect exactly once, in
 * stream order. FAULT_SEED reproduces a run (the seed is printed).
 */
const STREAMS = 500;
const EVENTS_PER_STREAM = 20;
const TOTAL = STREAMS * EVENTS_PER_STREAM;
const WRITERS = 4;
const KILLS = 10;
const seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const random = seededRandom(seed);
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const root = resolve(import.meta.dirname, '../..');
const built = (name: string) => join(root, 'dist/test/fault', `${name}.js`);

/** The children run the built code: refuse to test a build older than the sources it comes from. */
function assertBuildIsCurrent(): void {
  const sources = [
    'test/fault/relay-process.ts',
    'test/fault/consumer-process.ts',
    'test/fault/fault-fixture.ts',
    'libs/messaging/src/relay/relay.ts',
    'libs/messaging/src/inbox/postgres-inbox.ts',
    'libs/messaging/src/inbox/integration-consumer.ts',
  ];
  for (const source of sources) {
    const output = join(root, 'dist', source.replace(/\.ts$/, '.js'));
    if (!existsSync(output)) throw new Error(`${output} is missing: run npm run build (npm test does)`);
    if (statSync(join(root, source)).mtimeMs > statSync(output).mtimeMs) {
      throw new Error(`dist is older than ${source}: run npm run build (npm test does)`);
    }
  }
}

class Child {
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  starts = 0;
  kills = 0;

  constructor(
    private readonly name: string,
    private readonly url: string,
  ) {}

  start(): void {
    const child = spawn(process.execPath, [built(this.name)], {
      cwd: root,
      env: { ...process.env, FAULT_DB_URL: this.url, FAULT_CHECKPOINT_DELAY_MS: '40' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolveExit) => child.once('exit', () => resolveExit()));
    this.process = child;
    this.starts += 1;
  }

  async kill(): Promise<void> {
    this.process?.kill('SIGKILL');
    this.kills += 1;
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.process?.exitCode === null && this.process.signalCode === null) this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process?.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Exited by itself (not killed by the test): a failure of the relay or consumer. */
  crashed(): boolean {
    return this.process?.exitCode !== null && this.process?.exitCode !== undefined && this.process.signalCode === null;
  }

  log(): string {
    return `--- ${this.name} (started ${this.starts}×, killed ${this.kills}×) ---\n${this.output.slice(-4000)}`;
  }
}

describe(`relay and consumer killed at random (seed ${seed})`, () => {
  let db: TestDatabase;
  let relay: Child;
  let consumer: Child;

  beforeAll(async () => {
    assertBuildIsCurrent();
    console.log(`fault test seed: ${seed} (FAULT_SEED=${seed} reproduces the schedule)`);
    db = await createTestDatabase('fault');
    await installPostgresEventStore(db.pool, STORE_SCHEMA);
    await installPostgresLogTransport(db.pool, BUS_SCHEMA);
    await installPostgresInbox(db.pool, READ_MODEL_SCHEMA);
    await db.pool.query(readModelDdl(READ_MODEL_SCHEMA));
    relay = new Child('relay-process', db.url);
    consumer = new Child('consumer-process', db.url);
  });
  afterAll(async () => {
    await relay?.stop();
    await consumer?.stop();
    await db?.drop();
  });

  it('applies every event exactly once and in stream order', async () => {
    const store = new PostgresEventStore({ pool: db.pool, schema: STORE_SCHEMA });
    const context = { actor: { id: 'system:fault-test', role: 'system' }, correlationId: `fault-${seed}` };
    relay.start();
    consumer.start();

    // Appends: each writer owns every WRITERS-th stream and appends batches of 1–5 events to a
    // random one of its streams with the expected revision, pausing 0–12 ms between batches.
    const batchPlans = Array.from({ length: WRITERS }, () => seededRandom(between(1, 2 ** 30)));
    let appended = 0;
    const appending = Promise.all(
      batchPlans.map(async (plan, writer) => {
        const remaining = new Map<number, number>();
        for (let s = writer; s < STREAMS; s += WRITERS) remaining.set(s, EVENTS_PER_STREAM);
        while (remaining.size > 0) {
          const open = [...remaining.keys()];
          const stream = open[Math.floor(plan() * open.length)];
          const left = remaining.get(stream)!;
          const size = Math.min(left, 1 + Math.floor(plan() * 5));
          const revision = EVENTS_PER_STREAM - left - 1;
          const events = Array.from({ length: size }, (_, i) => ({
            type: 'ItemRecorded',
            data: { n: stream * EVENTS_PER_STREAM + revision + 1 + i },
          }));
          await store.appendToStream(`${CATEGORY}-${stream}`, events, {
            ...context,
            expectedRevision: revision < 0 ? 'no_stream' : revision,
          });
          appended += size;
          if (left === size) remaining.delete(stream);
          else remaining.set(stream, left - size);
          await sleep(Math.floor(plan() * 13));
        }
      }),
    );

    // Kills: at random moments, the relay, the consumer or both; each restarted 0–300 ms later.
    let appendsDone = false;
    void appending.then(() => (appendsDone = true));
    const killed: string[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      await sleep(between(250, 1_500));
      const which =
        kill < 2 ? (kill === 0 ? 'relay' : 'consumer') : (['relay', 'consumer', 'both'] as const)[between(0, 2)];
      const targets = which === 'both' ? [relay, consumer] : which === 'relay' ? [relay] : [consumer];
      await Promise.all(targets.map((child) => child.kill()));
      killed.push(`${which}@${appended}${appendsDone ? '(appends done)' : ''}`);
      await sleep(between(0, 300));
      for (const child of targets) child.start();
    }
    await appending;
    await store.close();
    expect(appended).toBe(TOTAL);

    const count = async () =>
      (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${READ_MODEL_SCHEMA}.applied`)).rows[0].n;
    const deadline = Date.now() + 60_000;
    let applied = await count();
    while (applied < TOTAL && Date.now() < deadline && !relay.crashed() && !consumer.crashed()) {
      await sleep(200);
      applied = await count();
    }
    await sleep(500); // anything still in flight would show as a second effect
    await relay.stop();
    await consumer.stop();
    if ((await count()) !== TOTAL) console.log(`kills: ${killed.join(', ')}\n${relay.log()}\n${consumer.log()}`);

    const perStream = await db.pool.query<{
      stream_id: string;
      effects: number;
      distinct_revisions: number;
      last: number;
    }>(
      `SELECT a.stream_id, count(*)::int AS effects, count(DISTINCT a.revision)::int AS distinct_revisions,
              s.last_revision::int AS last
         FROM ${READ_MODEL_SCHEMA}.applied a JOIN ${READ_MODEL_SCHEMA}.streams s USING (stream_id)
        GROUP BY a.stream_id, s.last_revision`,
    );
    const outOfOrder = await db.pool.query(
      `SELECT stream_id FROM (
         SELECT stream_id, revision, lag(revision) OVER (PARTITION BY stream_id ORDER BY seq) AS previous
           FROM ${READ_MODEL_SCHEMA}.applied) t
        WHERE previous IS DISTINCT FROM revision - 1 AND NOT (previous IS NULL AND revision = 0)`,
    );
    const published = (
      await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${BUS_SCHEMA}.messages WHERE topic = $1`, [
        TOPIC,
      ])
    ).rows[0].n;
    const inbox = (
      await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${READ_MODEL_SCHEMA}.inbox WHERE group_id = $1`,
        [GROUP_ID],
      )
    ).rows[0].n;
    const reader = new PostgresLogTransport({ pool: db.pool, schema: BUS_SCHEMA });
    const deadLetters = await new PostgresDeadLetters({ pool: db.pool, schema: BUS_SCHEMA, transport: reader }).list();
    await reader.close();
    console.log(
      `seed ${seed}: kills ${killed.join(', ')}; ${published} messages published for ${TOTAL} events ` +
        `(${published - TOTAL} republished after relay kills), ${inbox} in the inbox`,
    );

    expect(relay.kills + consumer.kills).toBeGreaterThanOrEqual(KILLS);
    expect(relay.kills).toBeGreaterThanOrEqual(1);
    expect(consumer.kills).toBeGreaterThanOrEqual(1);
    expect(deadLetters.map((letter) => letter.error)).toEqual([]);
    expect(perStream.rows).toHaveLength(STREAMS);
    expect(
      perStream.rows.filter((row) => row.effects !== EVENTS_PER_STREAM || row.distinct_revisions !== EVENTS_PER_STREAM),
    ).toEqual([]);
    expect(perStream.rows.filter((row) => row.last !== EVENTS_PER_STREAM - 1)).toEqual([]);
    expect(perStream.rows.reduce((sum, row) => sum + row.effects, 0)).toBe(TOTAL);
    expect(outOfOrder.rows).toEqual([]);
    expect(inbox).toBe(TOTAL);
    // Nothing was lost on the way. Whether a relay kill landed between a publish and its
    // checkpoint (republishing, then removed by the inbox) depends on the schedule: the slowed
    // checkpoint writes make it likely, not certain, so it is reported above, not asserted; the
    // inbox's own tests cover a redelivered message deterministically.
    expect(published).toBeGreaterThanOrEqual(TOTAL);
  }, 150_000);
});
