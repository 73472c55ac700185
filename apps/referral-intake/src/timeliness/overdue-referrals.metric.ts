import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Metrics } from '@lib/platform';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ReferralListRow } from '../referrals/read-models/referral-list/referral-list.row.js';
import { Timeliness } from './timeliness.js';
import { TimelinessConfig } from './timeliness.config.js';

/**
 * `referrals_overdue{area}` on `/metrics`: the referrals of each area past the allowed working days
 * without a decision, recounted from the referral list every `REFERRAL_OVERDUE_METRICS_SECONDS`.
 * Counts per area only, never a referral or a person.
 */
@Injectable()
export class OverdueReferralsMetric implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OverdueReferralsMetric.name);
  private readonly gauge: Gauge<'area'>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    metrics: Metrics,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Timeliness) private readonly timeliness: Timeliness,
    private readonly config: TimelinessConfig,
  ) {
    this.gauge = new Gauge({
      name: 'referrals_overdue',
      help: 'Referrals without a police decision past the allowed working days, by local authority area.',
      labelNames: ['area'],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.refresh().catch(() => undefined),
      this.config.metricsRefreshSeconds * 1000,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Recounts now; areas with none left drop to 0 rather than keep an old count. */
  async refresh(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    try {
      const rows: { area: string; overdue: string }[] = await this.dataSource
        .getRepository(ReferralListRow)
        .createQueryBuilder('r')
        .select('r.area', 'area')
        .addSelect('count(*) FILTER (WHERE r.awaiting_decision_since < :cutoff)', 'overdue')
        .setParameter('cutoff', this.timeliness.overdueCutoff())
        .groupBy('r.area')
        .getRawMany();
      this.gauge.reset();
      for (const row of rows) this.gauge.set({ area: row.area }, Number(row.overdue));
    } catch (error) {
      this.logger.warn(`referrals_overdue not refreshed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }
}
