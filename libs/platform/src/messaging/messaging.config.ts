import { Configuration, Setting, setting } from '../config/config-schema.js';

/** Where the integration events travel: the PostgreSQL log (embedded mode) or Kafka. */
export const EVENT_TRANSPORTS = ['postgres', 'kafka'] as const;
export type EventTransportName = (typeof EVENT_TRANSPORTS)[number];

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;
const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

const schemaName = (variable: string) =>
  new Setting<string>([variable], (raw) =>
    SCHEMA_NAME.test(raw)
      ? { ok: true, value: raw }
      : { ok: false, expected: 'a lower-case schema name ([a-z_][a-z0-9_]*, at most 41 characters)' },
  );

const brokers = (variable: string) =>
  new Setting<readonly string[]>([variable], (raw) => {
    const items = raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const valid = items.length > 0 && items.every((item) => BROKER.test(item) && Number(item.split(':')[1]) <= 65535);
    return valid ? { ok: true, value: items } : { ok: false, expected: 'a comma-separated list of host:port' };
  });

/**
 * How a service publishes and consumes integration events (ADR 050). The embedded mode needs
 * nothing: the PostgreSQL log in schema `messaging` of the service's own database.
 */
export class MessagingConfig extends Configuration(
  'messaging',
  {
    transport: setting.oneOf('EVENT_TRANSPORT', EVENT_TRANSPORTS).default('postgres'),
    /** Schema of the PostgreSQL log and of the dead letters (`npm run dlq` reads the same variable). */
    schema: schemaName('MESSAGING_SCHEMA').default('messaging'),
    /** Partitions per topic; every process sharing the log or the Kafka topics must agree. */
    partitions: setting.int('MESSAGING_PARTITIONS', { min: 1, max: 1024 }).default(8),
    kafkaBrokers: brokers('KAFKA_BROKERS').optional(),
    /** Kafka client id; defaults to the service's name. */
    kafkaClientId: setting.string('KAFKA_CLIENT_ID').optional(),
    kafkaSsl: setting.boolean('KAFKA_SSL').default(false),
  },
  (values) =>
    values.transport === 'kafka' && !values.kafkaBrokers
      ? { variable: 'KAFKA_BROKERS', problem: 'is required when EVENT_TRANSPORT=kafka' }
      : undefined,
) {}
