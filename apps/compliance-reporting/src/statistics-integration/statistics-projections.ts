import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CASES_TOPIC, integrationContracts, REFERRALS_TOPIC } from '@lib/contracts';
import { consumeIntegrationEvents, MessageTransport, PostgresInbox, type Consumer } from '@lib/messaging';
import { Metrics, MessagingRuntime, quoteIdentifier, ServiceIdentity } from '@lib/platform';
import pg from 'pg';
import { ReferralStatisticsProjection } from '../statistics/referral-statistics.projection.js';
import { StatisticsSchemaInstaller } from '../statistics/statistics-schema.installer.js';
import { LiveStatisticsVersion } from '../statistics/statistics-tables.js';
import {
  readStatisticsVersions,
  statisticsVersionsTable,
  type StatisticsVersions,
} from '../statistics/statistics-versions.js';
import { applyStatisticsMessage, STATISTICS_TYPES, statisticsGroupId } from './statistics.consumer.js';

const TICK_MS = 500;

/** How far a rebuild is behind the live version on one partition of one topic. */
export interface StatisticsPartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Messages the live version has applied and the rebuild has not yet. */
  readonly behind: number;
}

export interface StatisticsRebuildProgress {
  readonly liveVersion: number;
  readonly previousVersion: number | null;
  readonly switchedAt: string | null;
  readonly rebuild: {
    readonly version: number;
    readonly startedAt: string | null;
    readonly messagesApplied: number;
    readonly lag: readonly StatisticsPartitionLag[];
    readonly caughtUp: boolean;
  } | null;
}

export class StatisticsRebuildInProgressError extends Error {
  readonly code = 'statistics.rebuild-in-progress';
  constructor(readonly version: number) {
    super(`A rebuild into version ${version} is in progress`);
    this.name = 'StatisticsRebuildInProgressError';
  }
}

/**
 * Runs the statistics projection's consumers (ADR 090, 091): the live version's, and while a
 * rebuild is in progress the new version's beside it — a consumer group of its own that reads both
 * topics from their start into a table of its own, through the same projection code and the same
 * inbox (its entries keyed by its group). Once the new version has applied every message the live
 * one has, it switches the live version (one row the queries read) and stops the old consumer; the
 * old table stays until it is dropped by hand. Every instance follows the row on its next tick.
 */
@Injectable()
export class StatisticsProjections implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Statistics');
  private readonly consumers = new Map<number, Consumer>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(ServiceIdentity) private readonly service: ServiceIdentity,
    @Inject(StatisticsSchemaInstaller) private readonly schema: StatisticsSchemaInstaller,
    @Inject(LiveStatisticsVersion) private readonly live: LiveStatisticsVersion,
    @Inject(MessageTransport) private readonly transport: MessageTransport,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    // installation retries in the background while the database is out of reach: never block the boot
    void Promise.all([this.schema.ready(), this.messaging.whenInstalled()]).then(() => {
      if (this.stopped) return;
      this.schedule(0);
    });
  }

  async onModuleDestroy(): Promise<void> {
    // before the platform's messaging closes the transport (beforeApplicationShutdown)
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking.catch(() => undefined);
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.stop()));
    this.consumers.clear();
  }

  /** Starts building a new version beside the live one; refused while another rebuild is in progress. */
  async startRebuild(): Promise<StatisticsRebuildProgress> {
    await this.schema.ready();
    const table = statisticsVersionsTable(this.service.schema);
    const client = await this.pool.connect();
    let version: number;
    try {
      await client.query('BEGIN');
      const versions = await client.query<{ rebuilding_version: number | null; latest_version: number }>(
        `SELECT rebuilding_version, latest_version FROM ${table} FOR UPDATE`,
      );
      const current = versions.rows[0]!;
      if (current.rebuilding_version !== null) throw new StatisticsRebuildInProgressError(current.rebuilding_version);
      // a version number (and so its consumer group and its inbox entries) is never reused
      version = current.latest_version + 1;
      await client.query(
        `UPDATE ${table} SET rebuilding_version = $1, latest_version = $1, rebuild_started_at = now()`,
        [version],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    await this.schema.installVersion(version);
    this.logger.log(`rebuilding the statistics into version ${version}`);
    this.schedule(0);
    return this.progress();
  }

  /** The live version and, while a rebuild runs, how far it has come. */
  async progress(): Promise<StatisticsRebuildProgress> {
    await this.schema.ready();
    const versions = await readStatisticsVersions(this.pool, this.service.schema);
    const rebuild = versions.rebuilding === null ? null : await this.rebuildProgress(versions);
    return {
      liveVersion: versions.live,
      previousVersion: versions.previous,
      switchedAt: versions.switchedAt,
      rebuild,
    };
  }

  private async rebuildProgress(versions: StatisticsVersions): Promise<StatisticsRebuildProgress['rebuild']> {
    const inbox = `${quoteIdentifier(this.service.schema)}.inbox`;
    const rebuilding = statisticsGroupId(versions.rebuilding!);
    const [{ rows: applied }, { rows: lag }] = await Promise.all([
      this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${inbox} WHERE group_id = $1`, [rebuilding]),
      this.pool.query<{ topic: string; partition: number; behind: string }>(
        `SELECT live.topic, live.partition, count(*) FILTER (WHERE rebuilt.event_id IS NULL) AS behind
           FROM ${inbox} live
           LEFT JOIN ${inbox} rebuilt ON rebuilt.group_id = $2 AND rebuilt.event_id = live.event_id
          WHERE live.group_id = $1
          GROUP BY live.topic, live.partition
          ORDER BY live.topic, live.partition`,
        [statisticsGroupId(versions.live), rebuilding],
      ),
    ]);
    const partitions = lag.map((row) => ({ topic: row.topic, partition: row.partition, behind: Number(row.behind) }));
    return {
      version: versions.rebuilding!,
      startedAt: versions.rebuildStartedAt,
      messagesApplied: Number(applied[0]!.n),
      lag: partitions,
      caughtUp: partitions.every((partition) => partition.behind === 0),
    };
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((error: unknown) =>
          this.logger.warn(`statistics versions: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => this.schedule(TICK_MS));
    }, delay).unref();
  }

  /** Follows the versions row: consumers for the live and the rebuilding version; switches when caught up. */
  private async tick(): Promise<void> {
    let versions = await readStatisticsVersions(this.pool, this.service.schema);
    if (versions.rebuilding !== null) {
      const progress = await this.rebuildProgress(versions);
      if (progress?.caughtUp && this.consumers.has(versions.rebuilding)) {
        const { rowCount } = await this.pool.query(
          `UPDATE ${statisticsVersionsTable(this.service.schema)}
              SET previous_version = live_version, live_version = rebuilding_version,
                  rebuilding_version = NULL, switched_at = now()
            WHERE rebuilding_version = $1`,
          [versions.rebuilding],
        );
        if (rowCount === 1) {
          this.logger.log(
            `statistics version ${versions.rebuilding} caught up with ${versions.live}: switched; ` +
              `version ${versions.live}'s table can be dropped`,
          );
        }
        versions = await readStatisticsVersions(this.pool, this.service.schema);
      }
    }
    this.live.version = versions.live;
    const wanted = new Set([versions.live, ...(versions.rebuilding === null ? [] : [versions.rebuilding])]);
    if (this.stopped) return;
    for (const version of wanted) if (!this.consumers.has(version)) this.start(version);
    for (const [version, consumer] of this.consumers) {
      if (wanted.has(version)) continue;
      this.consumers.delete(version);
      await consumer.stop();
      this.logger.log(`stopped consuming as ${statisticsGroupId(version)}`);
    }
  }

  private start(version: number): void {
    const projection = new ReferralStatisticsProjection(this.service.schema, version);
    const groupId = statisticsGroupId(version);
    const consumer = consumeIntegrationEvents({
      transport: this.transport,
      registry: integrationContracts(),
      inbox: new PostgresInbox({ pool: this.pool, schema: this.service.schema }),
      groupId,
      topics: [REFERRALS_TOPIC.name, CASES_TOPIC.name],
      types: [...STATISTICS_TYPES],
      handle: (message, tx) => applyStatisticsMessage(projection, message, tx),
      metrics: { registry: this.metrics.registry },
    });
    this.consumers.set(version, consumer);
    consumer.done.catch((error: unknown) =>
      this.logger.error(`${groupId} stopped for good: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.logger.log(`consuming ${REFERRALS_TOPIC.name}, ${CASES_TOPIC.name} as ${groupId}`);
  }
}
