import { Inject, Injectable } from '@nestjs/common';
import { ServiceIdentity } from '@lib/platform';
import pg from 'pg';
import { buildStatisticsTables } from './build-statistics-tables.js';
import { concernTypeList } from './code-lists/concern-types.js';
import type { ReferralStatistic } from './referral-statistic.js';
import { STATISTICS_PROJECTION_VERSION, statisticsTable } from './referral-statistics.schema.js';
import type { StatisticsQuery, StatisticsTable } from './statistics-table.js';

/** What "today" is for the tables (which post-exit reviews are overdue). A class, so that it is its own DI token. */
export class StatisticsClock {
  today(): string {
    return new Date().toISOString().slice(0, 10);
  }
}

/** The version of the projection the tables read: the live one, switched by a rebuild. */
export class LiveStatisticsVersion {
  constructor(public version = STATISTICS_PROJECTION_VERSION) {}
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class InvalidStatisticsQueryError extends Error {
  readonly code = 'statistics.invalid-query';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStatisticsQueryError';
  }
}

/**
 * The release's tables for a period (referrals received from `from`, inclusive, to `to`,
 * exclusive), optionally for one region or one local authority area; unsuppressed.
 */
@Injectable()
export class StatisticsTables {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(ServiceIdentity) private readonly service: ServiceIdentity,
    @Inject(StatisticsClock) private readonly clock: StatisticsClock,
    @Inject(LiveStatisticsVersion) private readonly live: LiveStatisticsVersion,
  ) {}

  async tables(query: StatisticsQuery): Promise<StatisticsTable[]> {
    validate(query);
    const rows = await this.rows(query);
    // a post-exit review is overdue as at today, whatever the period
    return buildStatisticsTables(rows, query, this.clock.today());
  }

  /** The projection's rows of a query: received in the period, not withdrawn, in the region or area. */
  async rows(query: StatisticsQuery, version = this.live.version): Promise<ReferralStatistic[]> {
    const values: unknown[] = [query.from, query.to];
    let filter = '';
    if (query.region) {
      values.push(query.region);
      filter += ` AND region = $${values.length}`;
    }
    if (query.area) {
      values.push(query.area);
      filter += ` AND area = $${values.length}`;
    }
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT * FROM ${statisticsTable(this.service.schema, version)}
        WHERE received_on >= $1 AND received_on < $2 AND withdrawn_at IS NULL${filter}
        ORDER BY statistic_id`,
      values,
    );
    return rows.map(toStatistic);
  }
}

function validate(query: StatisticsQuery): void {
  if (!ISO_DATE.test(query.from) || !ISO_DATE.test(query.to) || query.from >= query.to) {
    throw new InvalidStatisticsQueryError('from and to must be ISO dates (YYYY-MM-DD) with from before to');
  }
  if (query.concernCodeList !== undefined) {
    try {
      concernTypeList(query.concernCodeList);
    } catch (error) {
      throw new InvalidStatisticsQueryError((error as Error).message);
    }
  }
}

const instant = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);
const date = (value: unknown): string | null =>
  value instanceof Date
    ? `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`
    : typeof value === 'string'
      ? value
      : null;

function toStatistic(row: Record<string, unknown>): ReferralStatistic {
  return {
    statisticId: row.statistic_id as string,
    origin: row.origin as ReferralStatistic['origin'],
    receivedAt: instant(row.received_at)!,
    receivedOn: date(row.received_on)!,
    area: row.area as string,
    region: row.region as string,
    sector: (row.sector as string | null) ?? null,
    concernCodeList: (row.concern_code_list as string | null) ?? null,
    concernCodes: (row.concern_codes as string[] | null) ?? null,
    ageAtReferral: (row.age_at_referral as number | null) ?? null,
    gender: (row.gender as string | null) ?? null,
    outcome: (row.outcome as string | null) ?? null,
    decidedAt: instant(row.decided_at),
    firstDiscussedAt: instant(row.first_discussed_at),
    notAdoptedOutcome: (row.not_adopted_outcome as string | null) ?? null,
    adoptedAt: instant(row.adopted_at),
    consentOutcome: (row.consent_outcome as string | null) ?? null,
    supportStartedAt: instant(row.support_started_at),
    exitOutcome: (row.exit_outcome as string | null) ?? null,
    exitedOn: date(row.exited_on),
    review6DueOn: date(row.review_6_due_on),
    review6CompletedAt: instant(row.review_6_completed_at),
    review12DueOn: date(row.review_12_due_on),
    review12CompletedAt: instant(row.review_12_completed_at),
  };
}
