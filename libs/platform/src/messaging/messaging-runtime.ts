import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type InjectionToken,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { integrationContracts } from '@lib/contracts';
import { EventStore, eventStoreAppRole, PostgresCheckpointStore } from '@lib/event-store';
import {
  consumeIntegrationEvents,
  installPostgresInbox,
  installPostgresLogTransport,
  MessageTransport,
  messagingAppRole,
  PostgresInbox,
  Relay,
  relayMetrics,
  type Consumer,
} from '@lib/messaging';
import pg from 'pg';
import { PlatformConfig } from '../config/platform.config.js';
import { quoteIdentifier, withTimeout } from '../database/sql.js';
import { Metrics } from '../metrics/metrics.js';
import { ServiceIdentity } from '../service-identity.js';
import { MessagingConfig } from './messaging.config.js';
import { ObservedTransport } from './messaging.providers.js';
import {
  IntegrationEventConsumer,
  IntegrationEventMapping,
  MESSAGING_OPTIONS,
  type MessagingOptions,
} from './messaging.options.js';

const RETRY_EVERY_MS = 2000;

/** What the readiness check reports for messaging (the shape of the health checks' results). */
export type MessagingCheck = { status: 'up' } | { status: 'down'; error: string };

interface Running {
  readonly name: string;
  readonly done: Promise<void>;
  failure?: string;
}

/**
 * Runs a service's messaging (ADR 050). At boot, as the database owner: installs the log's schema
 * (idempotent; it also keeps the dead letters in Kafka mode), makes the service's restricted role a
 * member of the log's role, and installs the inbox in the service's schema; a database that is not
 * up yet is retried in the background, like the event store's installation. Then starts the
 * service's consumers (contract check, inbox, the service's effect) and its relay (its own event
 * store → the topics, through the service's mapping). On shutdown: consumers first (each finishes
 * the message in hand), then the relay (publishes what it read, stores its checkpoint), then the
 * transport — all before the pool closes.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private installed: { ok: true } | { ok: false; error: string } = { ok: false, error: 'not attempted yet' };
  private relay: Relay | undefined;
  private readonly consumers: Consumer[] = [];
  private readonly running: Running[] = [];
  private retry: NodeJS.Timeout | undefined;
  private lastError = '';
  private stopped = false;
  private resolveInstalled!: () => void;
  private readonly installedOnce = new Promise<void>((resolve) => (this.resolveInstalled = resolve));

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly config: MessagingConfig,
    private readonly platform: PlatformConfig,
    private readonly service: ServiceIdentity,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    private readonly store: EventStore,
    private readonly transport: MessageTransport,
    private readonly metrics: Metrics,
    private readonly moduleRef: ModuleRef,
  ) {
    // the relay's families are on /metrics from the start, whether or not this service relays
    relayMetrics(metrics.registry);
  }

  async onApplicationBootstrap(): Promise<void> {
    // resolved now, so that a missing mapping or consumer stops the boot naming it
    const mapping = this.options.relay ? this.resolve<IntegrationEventMapping>(this.options.relay.mapping) : undefined;
    const consumers = (this.options.consumers ?? []).map((token) => this.resolve<IntegrationEventConsumer>(token));
    await this.attempt(() => this.start(mapping, consumers));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await this.relay?.stop();
    await this.transport.close();
  }

  /** Resolves once the log and the inbox are installed (a service's own consumers wait on it). */
  whenInstalled(): Promise<void> {
    return this.installedOnce;
  }

  /** Up when installed and nothing has stopped for good; with the PostgreSQL log, the log answers the service's role. */
  async check(): Promise<MessagingCheck> {
    if (!this.installed.ok) return { status: 'down', error: `not installed: ${this.installed.error}` };
    const failed = this.running.filter((part) => part.failure !== undefined);
    if (failed.length > 0) {
      return { status: 'down', error: failed.map((part) => `${part.name} stopped: ${part.failure}`).join('; ') };
    }
    const publishFailure = this.transport instanceof ObservedTransport ? this.transport.publishFailure : undefined;
    if (publishFailure !== undefined) return { status: 'down', error: `publishing failed: ${publishFailure}` };
    if (this.config.transport === 'kafka') return { status: 'up' };
    try {
      await withTimeout(
        this.pool.query(`SELECT 1 FROM ${this.config.schema}.messages LIMIT 0`),
        this.platform.readinessTimeoutMs,
        'reading the PostgreSQL log',
      );
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : String(error) };
    }
  }

  private resolve<T>(token: InjectionToken): T {
    try {
      return this.moduleRef.get<T>(token as never, { strict: false });
    } catch {
      throw new Error(`Messaging: no provider for ${describeToken(token)}; provide it in one of the service's modules`);
    }
  }

  private async attempt(then: () => void): Promise<void> {
    try {
      await this.install();
      this.installed = { ok: true };
      this.resolveInstalled();
      this.logger.log(
        `${this.config.transport === 'kafka' ? 'Kafka' : `PostgreSQL log in schema ${this.config.schema}`}; ` +
          `inbox in schema ${this.service.schema}`,
      );
      if (!this.stopped) then();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) {
        this.logger.warn(`messaging not installed yet (${message}); retrying every ${RETRY_EVERY_MS} ms`);
      }
      this.lastError = message;
      this.installed = { ok: false, error: message };
      if (!this.stopped) this.retry = setTimeout(() => void this.attempt(then), RETRY_EVERY_MS).unref();
    }
  }

  private async install(): Promise<void> {
    const owner = new pg.Client({
      connectionString: this.platform.databaseUrl,
      connectionTimeoutMillis: this.platform.readinessTimeoutMs,
      application_name: `${this.service.name}-messaging-installer`,
    });
    owner.on('error', () => undefined);
    try {
      await withTimeout(owner.connect(), this.platform.readinessTimeoutMs * 2, 'connecting to the database');
      await installPostgresLogTransport(owner, this.config.schema);
      // with the PostgreSQL event store the pool works as the schema's restricted role
      const appRole = this.platform.eventStore === 'postgres' ? eventStoreAppRole(this.service.schema) : undefined;
      if (appRole) {
        await owner.query(`
          DO $role$
          BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${appRole}') THEN
              CREATE ROLE ${quoteIdentifier(appRole)} NOLOGIN;
            END IF;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
          END $role$;
          GRANT ${quoteIdentifier(messagingAppRole(this.config.schema))} TO ${quoteIdentifier(appRole)};
        `);
      }
      await installPostgresInbox(owner, this.service.schema, appRole ? { grantTo: appRole } : {});
    } finally {
      await owner.end().catch(() => undefined);
    }
  }

  private start(mapping: IntegrationEventMapping | undefined, consumers: readonly IntegrationEventConsumer[]): void {
    const registry = integrationContracts();
    const inbox = new PostgresInbox({ pool: this.pool, schema: this.service.schema });
    for (const consumer of consumers) {
      const running = consumeIntegrationEvents({
        transport: this.transport,
        registry,
        inbox,
        groupId: consumer.groupId,
        topics: consumer.topics,
        types: consumer.types,
        retry: consumer.retry,
        handle: (message, tx) => consumer.handle(message, tx),
        metrics: { registry: this.metrics.registry },
      });
      this.consumers.push(running);
      this.watch(`consumer ${consumer.groupId}`, running.done);
      this.logger.log(`consuming ${consumer.topics.join(', ')} as ${consumer.groupId}`);
    }
    if (mapping && this.options.relay) {
      const subscriptionId = this.options.relay.subscriptionId ?? `${this.service.name}.relay`;
      this.relay = new Relay({
        store: this.store,
        transport: this.transport,
        registry,
        subscriptionId,
        categories: this.options.relay.categories,
        checkpoints:
          this.platform.eventStore === 'postgres'
            ? new PostgresCheckpointStore(this.pool, this.service.schema)
            : undefined,
        map: (event) => mapping.map(event),
        metrics: { registry: this.metrics.registry },
        onError: (error) =>
          this.logger.warn(`relay ${subscriptionId}: ${error instanceof Error ? error.message : String(error)}`),
      });
      this.relay.start();
      this.watch(`relay ${subscriptionId}`, this.relay.done);
      this.logger.log(
        `relaying ${(this.options.relay.categories ?? ['every category']).join(', ')} as ${subscriptionId}`,
      );
    }
  }

  private watch(name: string, done: Promise<void>): void {
    const part: Running = { name, done };
    this.running.push(part);
    done.catch((error: unknown) => {
      part.failure = error instanceof Error ? error.message : String(error);
      this.logger.error(`${name} stopped for good: ${part.failure}`);
    });
  }
}

function describeToken(token: InjectionToken): string {
  if (typeof token === 'function') return token.name;
  return String(token);
}
