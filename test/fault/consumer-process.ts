import { consumeIntegrationEvents, PostgresInbox, PostgresLogTransport } from '@lib/messaging';
import pg from 'pg';
import {
  BUS_SCHEMA,
  GROUP_ID,
  PARTITIONS,
  READ_MODEL_SCHEMA,
  TOPIC,
  applyItem,
  faultRegistry,
  type ItemRecordedV1,
} from './fault-fixture.js';

/**
 * A consumer in a process of its own, for the fault test: applies each message to the read model
 * through the inbox. Runs until killed (SIGKILL) or told to stop (SIGTERM).
 */
const pool = new pg.Pool({ connectionString: process.env.FAULT_DB_URL, max: PARTITIONS + 4 });
pool.on('error', () => undefined);
const transport = new PostgresLogTransport({ pool, schema: BUS_SCHEMA, partitions: PARTITIONS, pollIntervalMs: 100 });
const consumer = consumeIntegrationEvents({
  transport,
  registry: faultRegistry(),
  inbox: new PostgresInbox({ pool, schema: READ_MODEL_SCHEMA }),
  groupId: GROUP_ID,
  topics: [TOPIC],
  retry: { maxAttempts: 8, initialBackoffMs: 20, maxBackoffMs: 500 },
  handle: (message, tx) => applyItem(tx, READ_MODEL_SCHEMA, message.payload as ItemRecordedV1),
});
console.log('consumer started');

process.on('SIGTERM', () => {
  void consumer
    .stop()
    .then(() => transport.close())
    .then(() => pool.end())
    .then(() => process.exit(0));
});
consumer.done.catch((error: unknown) => {
  console.error(`consumer failed: ${String(error)}`);
  process.exit(2);
});
