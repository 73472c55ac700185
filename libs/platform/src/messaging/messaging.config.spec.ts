import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../config/config-schema.js';
import { MessagingConfig } from './messaging.config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    MessagingConfig.load(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.map((p) => `${p.variable} ${p.problem}`);
    throw error;
  }
  return [];
}

describe('the messaging configuration', () => {
  it('defaults to the PostgreSQL log in schema messaging, 8 partitions', () => {
    expect({ ...MessagingConfig.load({}) }).toEqual({
      transport: 'postgres',
      schema: 'messaging',
      partitions: 8,
      kafkaBrokers: undefined,
      kafkaClientId: undefined,
      kafkaSsl: false,
    });
  });

  it('takes Kafka with its brokers', () => {
    const config = MessagingConfig.load({
      EVENT_TRANSPORT: 'kafka',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2.internal:9093',
      KAFKA_CLIENT_ID: 'intake-7',
      KAFKA_SSL: 'true',
    });
    expect(config).toMatchObject({
      transport: 'kafka',
      kafkaBrokers: ['kafka-1:9092', 'kafka-2.internal:9093'],
      kafkaClientId: 'intake-7',
      kafkaSsl: true,
    });
  });

  it('requires KAFKA_BROKERS only with Kafka', () => {
    expect(problemsOf({ EVENT_TRANSPORT: 'kafka' })).toEqual(['KAFKA_BROKERS is required when EVENT_TRANSPORT=kafka']);
    expect(problemsOf({ EVENT_TRANSPORT: 'postgres' })).toEqual([]);
  });

  it('names every malformed variable', () => {
    expect(
      problemsOf({
        EVENT_TRANSPORT: 'rabbitmq',
        MESSAGING_SCHEMA: 'Messaging; DROP',
        MESSAGING_PARTITIONS: '0',
        KAFKA_BROKERS: 'kafka-1',
      }),
    ).toEqual([
      'EVENT_TRANSPORT must be one of postgres, kafka (got "rabbitmq")',
      'MESSAGING_SCHEMA must be a lower-case schema name ([a-z_][a-z0-9_]*, at most 41 characters) (got "Messaging; DROP")',
      'MESSAGING_PARTITIONS must be an integer between 1 and 1024 (got "0")',
      'KAFKA_BROKERS must be a comma-separated list of host:port (got "kafka-1")',
    ]);
    expect(problemsOf({ KAFKA_BROKERS: 'kafka:99999' })).toEqual([
      'KAFKA_BROKERS must be a comma-separated list of host:port (got "kafka:99999")',
    ]);
  });
});
