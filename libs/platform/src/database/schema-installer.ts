import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { installPostgresAuditLog } from '@lib/audit';
import { eventStoreAppRole, installPostgresEventStore } from '@lib/event-store';
import pg from 'pg';
import { PlatformConfig } from '../config/platform.config.js';
import { ServiceIdentity } from '../service-identity.js';
import { withTimeout } from './sql.js';

const RETRY_EVERY_MS = 2000;

export type InstallStatus = { installed: true } | { installed: false; error: string };

/**
 * Installs what the service keeps in its own schema, as the database owner, at boot: the event
 * store (tables, immutability triggers, the restricted application role `<schema>_app`), then the
 * audit log of reads (append-only; the application role may only INSERT and SELECT). A database
 * that is not up yet does not stop the app: installation is retried in the background and
 * readiness reports it.
 */
@Injectable()
export class SchemaInstaller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchemaInstaller.name);
  private state: { eventStore: InstallStatus; auditLog: InstallStatus } = {
    eventStore: { installed: false, error: 'not attempted yet' },
    auditLog: { installed: false, error: 'not attempted yet' },
  };
  private lastError = '';
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly service: ServiceIdentity,
  ) {}

  get eventStore(): InstallStatus {
    return this.state.eventStore;
  }

  get auditLog(): InstallStatus {
    return this.state.auditLog;
  }

  async onApplicationBootstrap(): Promise<void> {
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
    const postgresEvents = this.config.eventStore === 'postgres';
    if (!postgresEvents) this.state.eventStore = { installed: true }; // KurrentDB is its own store
    try {
      await withTimeout(owner.connect(), this.config.readinessTimeoutMs * 2, 'connecting to the database');
      if (postgresEvents && !this.state.eventStore.installed) {
        await installPostgresEventStore(owner, this.service.schema);
        this.state.eventStore = { installed: true };
        this.logger.log(`event store installed in schema ${this.service.schema}`);
      }
      if (!this.state.auditLog.installed) {
        // the application role exists only with the PostgreSQL event store, which makes it
        await installPostgresAuditLog(owner, this.service.schema, {
          ...(postgresEvents ? { appRole: eventStoreAppRole(this.service.schema) } : {}),
        });
        this.state.auditLog = { installed: true };
        this.logger.log(`audit log installed in schema ${this.service.schema}`);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) {
        this.logger.warn(
          `schema ${this.service.schema} not installed yet (${message}); retrying every ${RETRY_EVERY_MS} ms`,
        );
      }
      this.lastError = message;
      for (const part of ['eventStore', 'auditLog'] as const) {
        if (!this.state[part].installed) this.state[part] = { installed: false, error: message };
      }
      if (!this.stopped) this.retry = setTimeout(() => void this.attempt(), RETRY_EVERY_MS).unref();
    } finally {
      await owner.end().catch(() => undefined);
    }
  }
}
