import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { EventStore, eventStoreAppRole, KurrentDbEventStore, PostgresEventStore } from '@lib/event-store';
import pg from 'pg';
import { PlatformConfig } from '../config/platform.config.js';
import { ServiceIdentity } from '../service-identity.js';
import { quoteIdentifier } from './sql.js';

/**
 * The service's working pool. With the PostgreSQL event store, every connection takes the
 * schema's restricted role before it is handed out (and is discarded if it cannot), so the
 * application itself cannot UPDATE or DELETE a recorded event. Its token is the `pg.Pool`
 * class: inject it with `@Inject(pg.Pool)`, since tsc records a default-imported class's type
 * as `Object` in decorator metadata.
 */
export const poolProvider: Provider = {
  provide: pg.Pool,
  inject: [PlatformConfig, ServiceIdentity],
  useFactory: (config: PlatformConfig, service: ServiceIdentity): pg.Pool => {
    const logger = new Logger('Database');
    const role = config.eventStore === 'postgres' ? eventStoreAppRole(service.schema) : undefined;
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      application_name: service.name,
      max: 10,
      connectionTimeoutMillis: config.readinessTimeoutMs,
      idleTimeoutMillis: 30_000,
      onConnect: role
        ? async (client) => {
            await client.query(`SET ROLE ${quoteIdentifier(role)}`);
          }
        : undefined,
    });
    pool.on('error', (error) => logger.warn(`idle database connection failed: ${error.message}`));
    return pool;
  },
};

export const eventStoreProvider: Provider = {
  provide: EventStore,
  inject: [PlatformConfig, ServiceIdentity, pg.Pool],
  useFactory: (config: PlatformConfig, service: ServiceIdentity, pool: pg.Pool): EventStore =>
    config.eventStore === 'kurrentdb'
      ? new KurrentDbEventStore({ connectionString: config.kurrentDbUrl! })
      : new PostgresEventStore({ pool, schema: service.schema }),
};

/** Closes the event store, then the pool, when the app shuts down. */
@Injectable()
export class DatabaseShutdown implements OnApplicationShutdown {
  constructor(
    private readonly eventStore: EventStore,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.eventStore.close();
    if (!this.pool.ended) await this.pool.end();
  }
}
