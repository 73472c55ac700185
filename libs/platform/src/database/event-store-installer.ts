import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { installPostgresEventStore } from '@lib/event-store';
import pg from 'pg';
import { PlatformConfig } from '../config/platform.config.js';
import { ServiceIdentity } from '../service-identity.js';
import { withTimeout } from './sql.js';

const RETRY_EVERY_MS = 2000;

/**
 * Installs the service's event store schema (tables, immutability triggers, the restricted
 * application role) as the database owner, at boot. A database that is not up yet does not
 * stop the app: installation is retried in the background and readiness reports it.
 */
@Injectable()
export class EventStoreInstaller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreInstaller.name);
  private state: { installed: true } | { installed: false; error: string } = {
    installed: false,
    error: 'not attempted yet',
  };
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly service: ServiceIdentity,
  ) {}

  get status(): { installed: true } | { installed: false; error: string } {
    return this.state;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.eventStore !== 'postgres') {
      this.state = { installed: true };
      return;
    }
    await this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private async attempt(): Promise<void> {
    const owner = new pg.Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: this.config.readinessTimeoutMs,
      application_name: `${this.service.name}-installer`,
    });
    owner.on('error', () => undefined);
    try {
      await withTimeout(owner.connect(), this.config.readinessTimeoutMs * 2, 'connecting to the database');
      await installPostgresEventStore(owner, this.service.schema);
      this.state = { installed: true };
      this.logger.log(`event store installed in schema ${this.service.schema}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.state.installed === false && this.state.error !== message) {
        this.logger.warn(`event store not installed yet (${message}); retrying every ${RETRY_EVERY_MS} ms`);
      }
      this.state = { installed: false, error: message };
      if (!this.stopped) this.retry = setTimeout(() => void this.attempt(), RETRY_EVERY_MS).unref();
    } finally {
      await owner.end().catch(() => undefined);
    }
  }
}
