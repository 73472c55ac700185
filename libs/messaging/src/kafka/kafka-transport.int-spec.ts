import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { KafkaLogLevel, KafkaTransport } from './kafka-transport.js';

/**
 * The shared contract suite runs against a real Kafka when KAFKA_BROKERS names one (for instance
 * `localhost:9092`), with the dead letters also recorded in PostgreSQL; otherwise it is skipped,
 * and says so. The tests below it need no broker.
 */
const brokers = process.env.KAFKA_BROKERS;
const SKIPPED = 'Kafka contract suite skipped: KAFKA_BROKERS is not set';

if (brokers) {
  const { transportContract } = await import('../transport.contract.js');
  const { createTestDatabase } = await import('../../../testing/src/test-postgres.js');
  const { installPostgresLogTransport } = await import('../postgres/postgres-log-schema.js');
  const { PostgresDeadLetters } = await import('../dead-letters/postgres-dead-letters.js');
  transportContract(
    'Kafka',
    async () => {
      const db = await createTestDatabase('mqk');
      await installPostgresLogTransport(db.pool, 'messaging');
      const recorder = new PostgresDeadLetters({ pool: db.pool, schema: 'messaging' });
      const open = () =>
        new KafkaTransport({
          brokers: brokers.split(','),
          clientId: `contract-${randomUUID()}`,
          logLevel: KafkaLogLevel.ERROR,
          deadLetters: recorder,
        });
      const transports = [open()];
      const deadLetters = new PostgresDeadLetters({ pool: db.pool, schema: 'messaging', transport: transports[0] });
      return {
        transport: transports[0],
        deadLetters,
        async openAnother() {
          const another = open();
          transports.push(another);
          return another;
        },
        async dispose() {
          await Promise.all(transports.map((transport) => transport.close()));
          await db.drop();
        },
      };
    },
    { patienceMs: 60_000 },
  );
} else {
  // Skipped, visibly, only when no Kafka server is given: none can run on the machines this
  // project is built on (no Docker engine, not in the reachable registries). Set KAFKA_BROKERS to run
  // the shared contract suite against a real server; the README says what this leaves unexercised.
  process.stderr.write(`\n${SKIPPED}\n\n`);
  describe.skip(SKIPPED, () => {
    it.skip(SKIPPED, () => undefined);
  });
}

describe('Kafka transport without a broker', () => {
  // Nothing listens on port 1: the connection is refused at once.
  const unreachable = () =>
    new KafkaTransport({
      brokers: ['127.0.0.1:1'],
      clientId: 'fail-fast',
      clientRetries: 0,
      connectionTimeoutMs: 500,
      logLevel: KafkaLogLevel.NOTHING,
    });
  const headers = {
    eventId: randomUUID(),
    type: 'Noted',
    schemaVersion: 1,
    correlationId: randomUUID(),
    occurredAt: '2025-03-01T10:00:00.000Z',
  };

  it('fails a publish within seconds instead of hanging', async () => {
    const transport = unreachable();
    const started = Date.now();
    try {
      await expect(transport.publish('referrals', [{ key: 'r-1', headers, payload: {} }])).rejects.toThrow(
        /connect|ECONNREFUSED|retries/i,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await transport.close();
    }
  });

  it('fails a consumer within seconds, its handler never called', async () => {
    const transport = unreachable();
    let handled = 0;
    const started = Date.now();
    const consumer = transport.consume({
      topics: ['referrals'],
      groupId: 'fail-fast',
      handler: async () => {
        handled += 1;
      },
    });
    try {
      await expect(consumer.done).rejects.toThrow(/connect|ECONNREFUSED|retries/i);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(handled).toBe(0);
    } finally {
      await transport.close();
    }
  });

  it('refuses a topic name Kafka would refuse, before any I/O', async () => {
    const transport = unreachable();
    try {
      await expect(transport.publish('no spaces', [{ key: 'k', headers, payload: {} }])).rejects.toThrow(
        /Invalid topic name/,
      );
      expect(() => transport.consume({ topics: ['a/b'], groupId: 'g', handler: async () => undefined })).toThrow(
        /Invalid topic name/,
      );
    } finally {
      await transport.close();
    }
  });
});
