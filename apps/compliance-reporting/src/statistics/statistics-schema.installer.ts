import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { eventStoreAppRole } from '@lib/event-store';
import { PlatformConfig, ServiceIdentity, withTimeout } from '@lib/platform';
import pg from 'pg';
import { ReferralStatisticsProjection } from './referral-statistics.projection.js';
import { installStatisticsSchema } from './referral-statistics.schema.js';
import { installStatisticsVersions, readStatisticsVersions } from './statistics-versions.js';

const RETRY_EVERY_MS = 2000;

/**
 * Installs the statistics table as the database owner before the consumers start (module init);
 * like the platform's installers it never stops the boot: while the database is out of reach it
 * retries in the background, and the consumer waits on {@link ready} before writing.
 */
@Injectable()
export class StatisticsSchemaInstaller implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Statistics');
  readonly projection: ReferralStatisticsProjection;
  private readonly installed: Promise<void>;
  private resolveInstalled!: () => void;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastError = '';

  constructor(
    private readonly config: PlatformConfig,
    private readonly service: ServiceIdentity,
  ) {
    this.projection = new ReferralStatisticsProjection(service.schema);
    this.installed = new Promise((resolve) => (this.resolveInstalled = resolve));
  }

  /** Resolves once the table exists. */
  ready(): Promise<void> {
    return this.installed;
  }

  async onModuleInit(): Promise<void> {
    await this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  /**
   * As the database owner: the table of a new projection version (a rebuild's), beside the live one.
   * The service's working role cannot create tables in the read-model schema.
   */
  async installVersion(version: number): Promise<void> {
    await this.ready();
    const owner = this.ownerClient();
    try {
      await withTimeout(owner.connect(), this.config.readinessTimeoutMs * 2, 'connecting to the database');
      const appRole = this.appRole();
      await installStatisticsSchema(owner, this.service.schema, { ...(appRole ? { appRole } : {}), version });
    } finally {
      await owner.end().catch(() => undefined);
    }
  }

  private appRole(): string | undefined {
    return this.config.eventStore === 'postgres' ? eventStoreAppRole(this.service.schema) : undefined;
  }

  private ownerClient(): pg.Client {
    const owner = new pg.Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: this.config.readinessTimeoutMs,
      application_name: `${this.service.name}-statistics-installer`,
    });
    owner.on('error', () => undefined);
    return owner;
  }

  private async attempt(): Promise<void> {
    const owner = this.ownerClient();
    try {
      await withTimeout(owner.connect(), this.config.readinessTimeoutMs * 2, 'connecting to the database');
      // with the PostgreSQL event store the pool (and so the inbox's transaction) works as the schema's role
      const appRole = this.config.eventStore === 'postgres' ? eventStoreAppRole(this.service.schema) : undefined;
      if (appRole) await ensureRole(owner, appRole);
      await installStatisticsSchema(owner, this.service.schema, appRole ? { appRole } : {});
      await installStatisticsVersions(owner, this.service.schema, appRole ? { appRole } : {});
      // the live version and a rebuild in progress (after a restart) have their tables too
      const versions = await readStatisticsVersions(owner, this.service.schema);
      for (const version of new Set([versions.live, versions.rebuilding ?? versions.live])) {
        await installStatisticsSchema(owner, this.service.schema, { ...(appRole ? { appRole } : {}), version });
      }
      this.resolveInstalled();
      this.logger.log('statistics projection installed');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) {
        this.logger.warn(`statistics projection not installed yet (${message}); retrying every ${RETRY_EVERY_MS} ms`);
      }
      this.lastError = message;
      if (!this.stopped) this.retry = setTimeout(() => void this.attempt(), RETRY_EVERY_MS).unref();
    } finally {
      await owner.end().catch(() => undefined);
    }
  }
}

/** The pool's role is made by the event store's installer, which may not have run yet. */
async function ensureRole(owner: pg.Client, role: string): Promise<void> {
  await owner.query(`
    DO $role$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE "${role}" NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END $role$;
  `);
}
