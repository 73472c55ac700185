import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Metrics } from '@lib/platform';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { CaseInterventionRow } from '../channel-cases/read-models/case-list/case-intervention.row.js';
import { CaseListRow } from '../channel-cases/read-models/case-list/case-list.row.js';
import { ListCasesQuery } from '../channel-cases/read-models/case-list/list-cases.query.js';
import { PostExitReviewRow } from '../channel-cases/read-models/case-list/post-exit-review.row.js';
import { LIVE_INTERVENTION_STATUSES } from './domain/alert-rules.js';
import { WorkListRules } from './work-list-rules.js';
import { WorkListsConfig } from './work-lists.config.js';

/**
 * The panel's alerts on `/metrics`, per area, recounted from the read models every
 * `CHANNEL_ALERT_METRICS_SECONDS`: `channel_stalled_interventions{area}`,
 * `channel_overdue_reviews{area}` (adopted cases whose review was missed at a meeting) and
 * `channel_post_exit_reviews_overdue{area}`. Counts only, never a case or a person.
 */
@Injectable()
export class AlertsMetric implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertsMetric.name);
  private readonly stalled: Gauge<'area'>;
  private readonly overdueReviews: Gauge<'area'>;
  private readonly postExitOverdue: Gauge<'area'>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    metrics: Metrics,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WorkListRules) private readonly rules: WorkListRules,
    @Inject(ListCasesQuery) private readonly cases: ListCasesQuery,
    private readonly config: WorkListsConfig,
  ) {
    const gauge = (name: string, help: string) =>
      new Gauge({ name, help, labelNames: ['area'], registers: [metrics.registry] });
    this.stalled = gauge(
      'channel_stalled_interventions',
      'Planned or active interventions of adopted cases with no session or update for the configured days, by area.',
    );
    this.overdueReviews = gauge(
      'channel_overdue_reviews',
      'Adopted cases whose review was missed at a panel meeting of their area, by area.',
    );
    this.postExitOverdue = gauge(
      'channel_post_exit_reviews_overdue',
      'Post-exit reviews (6 and 12 months after exit) past their date and not completed, by area.',
    );
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

  /** Recounts now; every area with a case reads a number, 0 when it has none left. */
  async refresh(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    try {
      const cases = this.dataSource.getMetadata(CaseListRow).tablePath;
      const interventions = this.dataSource.getMetadata(CaseInterventionRow).tablePath;
      const postExit = this.dataSource.getMetadata(PostExitReviewRow).tablePath;
      const today = this.rules.today();
      const [stalled, postExitOverdue, overdueReviews]: { area: string; count: string }[][] = await Promise.all([
        this.dataSource.query(
          `SELECT c.area, count(i.*) FILTER (WHERE c.status = 'adopted' AND i.status = ANY($1) AND i.quiet_since < $2) AS count
             FROM ${cases} c LEFT JOIN ${interventions} i ON i.case_id = c.case_id GROUP BY c.area`,
          [[...LIVE_INTERVENTION_STATUSES], this.rules.stalledCutoff()],
        ),
        this.dataSource.query(
          `SELECT c.area, count(r.*) FILTER (WHERE r.completed_at IS NULL AND r.due_on < $1) AS count
             FROM ${cases} c LEFT JOIN ${postExit} r ON r.case_id = c.case_id GROUP BY c.area`,
          [today],
        ),
        this.cases
          .scoped({ kind: 'everywhere' })
          .select('c.area', 'area')
          .addSelect(`count(*) FILTER (WHERE ${this.cases.overdueReviewSql()})`, 'count')
          .setParameter('today', today)
          .groupBy('c.area')
          .getRawMany(),
      ]);
      for (const [gauge, rows] of [
        [this.stalled, stalled],
        [this.postExitOverdue, postExitOverdue],
        [this.overdueReviews, overdueReviews],
      ] as const) {
        gauge.reset();
        for (const row of rows) gauge.set({ area: row.area }, Number(row.count));
      }
    } catch (error) {
      this.logger.warn(`alert gauges not refreshed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }
}
