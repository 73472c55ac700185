import { PostgresCheckpointStore, PostgresEventStore, type CheckpointStore } from '@lib/event-store';
import { PostgresLogTransport, Relay } from '@lib/messaging';
import pg from 'pg';
import { BUS_SCHEMA, CATEGORY, PARTITIONS, RELAY_ID, STORE_SCHEMA, faultRegistry, mapItem } from './fault-fixture.js';

/**
 * A relay in a process of its own, for the fault test: `node dist/test/fault/relay-process.js`
 * with FAULT_DB_URL set. It runs until killed (SIGKILL, by the test) or told to stop (SIGTERM).
 */
const pool = new pg.Pool({ connectionString: process.env.FAULT_DB_URL, max: 4 });
pool.on('error', () => undefined);
const store = new PostgresEventStore({ pool, schema: STORE_SCHEMA, pollIntervalMs: 100 });
const transport = new PostgresLogTransport({ pool, schema: BUS_SCHEMA, partitions: PARTITIONS, pollIntervalMs: 100 });
const relay = new Relay({
  store,
  transport,
  registry: faultRegistry(),
  subscriptionId: RELAY_ID,
  categories: [CATEGORY],
  checkpoints: slowCheckpoints(
    new PostgresCheckpointStore(pool, STORE_SCHEMA),
    Number(process.env.FAULT_CHECKPOINT_DELAY_MS ?? 0),
  ),
  map: mapItem,
  restartBackoff: { initialMs: 50, maxMs: 500 },
  onError: (error) => console.error(`relay error: ${String(error)}`),
});
relay.start();
console.log('relay started');

process.on('SIGTERM', () => {
  void relay
    .stop()
    .then(() => transport.close())
    .then(() => store.close())
    .then(() => pool.end())
    .then(() => process.exit(0));
});
relay.done.catch((error: unknown) => {
  console.error(`relay failed: ${String(error)}`);
  process.exit(2);
});

/**
 * The checkpoint write made slow, as on a loaded database: it widens the window between a publish
 * and the checkpoint that follows it, where a kill forces the next relay to publish again.
 */
function slowCheckpoints(inner: CheckpointStore, delayMs: number): CheckpointStore {
  if (delayMs <= 0) return inner;
  return {
    load: (id) => inner.load(id),
    store: async (id, position) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await inner.store(id, position);
    },
  };
}
