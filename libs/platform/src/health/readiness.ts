import { Inject, Injectable, Optional } from '@nestjs/common';
import { EventStore } from '@lib/event-store';
import pg from 'pg';
import { PlatformConfig } from '../config/platform.config.js';
import { SchemaInstaller, type InstallStatus } from '../database/schema-installer.js';
import { withTimeout } from '../database/sql.js';
import { MessagingRuntime } from '../messaging/messaging-runtime.js';

export type CheckResult = { status: 'up' } | { status: 'down'; error: string };

export interface Readiness {
  readonly status: 'ok' | 'unavailable';
  readonly checks: Readonly<Record<string, CheckResult>>;
}

/**
 * Whether the service can do its work now: its database answers, its event store is usable and
 * its audit log is installed (a read that cannot be audited must fail, so without it the service
 * cannot serve). Its messaging too: the log installed and answering, its relay and consumers running. The identity provider is not checked: tokens are verified against its keys,
 * fetched on first use, so a service is ready before the provider is up.
 */
@Injectable()
export class ReadinessChecks {
  constructor(
    private readonly config: PlatformConfig,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    private readonly eventStore: EventStore,
    private readonly installer: SchemaInstaller,
    @Optional() private readonly messaging?: MessagingRuntime,
  ) {}

  async check(): Promise<Readiness> {
    const [database, eventStore, messaging] = await Promise.all([
      this.database(),
      this.eventStoreCheck(),
      this.messaging?.check(),
    ]);
    const checks = {
      database,
      eventStore,
      auditLog: installed(this.installer.auditLog),
      ...(messaging && { messaging }),
    };
    const ok = Object.values(checks).every((check) => check.status === 'up');
    return { status: ok ? 'ok' : 'unavailable', checks };
  }

  private database(): Promise<CheckResult> {
    return this.probe(async () => {
      await this.pool.query('SELECT 1');
    }, 'SELECT 1');
  }

  private async eventStoreCheck(): Promise<CheckResult> {
    if (this.config.eventStore === 'kurrentdb') {
      return this.probe(async () => {
        await this.eventStore.readAll({ maxCount: 1 });
      }, 'reading the event store');
    }
    return installed(this.installer.eventStore);
  }

  private async probe(work: () => Promise<void>, label: string): Promise<CheckResult> {
    try {
      await withTimeout(work(), this.config.readinessTimeoutMs, label);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : String(error) };
    }
  }
}

function installed(status: InstallStatus): CheckResult {
  return status.installed ? { status: 'up' } : { status: 'down', error: `not installed: ${status.error}` };
}
