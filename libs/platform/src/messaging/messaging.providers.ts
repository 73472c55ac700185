import type { Provider } from '@nestjs/common';
import {
  KafkaTransport,
  MessageTransport,
  PostgresDeadLetters,
  PostgresLogTransport,
  type ConsumeOptions,
  type Consumer,
  type OutgoingMessage,
} from '@lib/messaging';
import pg from 'pg';
import { Metrics } from '../metrics/metrics.js';
import { ServiceIdentity } from '../service-identity.js';
import { MessagingConfig } from './messaging.config.js';

/**
 * The service's transport, chosen by `EVENT_TRANSPORT`: the PostgreSQL log in `MESSAGING_SCHEMA`
 * on the service's own pool (its restricted role is a member of the log's role), or Kafka, whose
 * dead letters are also recorded in that schema for `npm run dlq`. Consumer lag is reported on the
 * service's `/metrics`. Its token is the port, `MessageTransport`.
 */
export const transportProvider: Provider = {
  provide: MessageTransport,
  inject: [MessagingConfig, ServiceIdentity, pg.Pool, Metrics],
  useFactory: (config: MessagingConfig, service: ServiceIdentity, pool: pg.Pool, metrics: Metrics): MessageTransport =>
    new ObservedTransport(
      config.transport === 'kafka'
        ? new KafkaTransport({
            brokers: [...(config.kafkaBrokers ?? [])],
            clientId: config.kafkaClientId ?? service.name,
            ssl: config.kafkaSsl,
            partitions: config.partitions,
            registry: metrics.registry,
            deadLetters: new PostgresDeadLetters({ pool, schema: config.schema }),
          })
        : new PostgresLogTransport({
            pool,
            schema: config.schema,
            partitions: config.partitions,
            registry: metrics.registry,
          }),
    ),
};

/**
 * The transport, remembering whether the last publish failed, for the readiness check: a broker out
 * of reach shows as the relay's publishes failing (the relay retries them meanwhile).
 */
export class ObservedTransport extends MessageTransport {
  private failure: string | undefined;

  constructor(readonly inner: MessageTransport) {
    super();
  }

  /** The error of the last publish, if it failed; undefined once a publish succeeds. */
  get publishFailure(): string | undefined {
    return this.failure;
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    try {
      await this.inner.publish(topic, messages);
      this.failure = undefined;
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  consume(options: ConsumeOptions): Consumer {
    return this.inner.consume(options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
