import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@lib/event-store';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { AuthorityType, StaffGroup } from '../../domain/authority.codes.js';
import { londonDate, overdueReviews, type OverdueReview, type Rag, type StatusCounts } from '../../domain/rag.js';
import { AuthorityDashboardRow } from './authority-dashboard.row.js';
import type { ListAuthoritiesRequest } from './list-authorities.request.dto.js';

/** One authority on the dashboard. */
export interface AuthoritySummary {
  readonly authorityId: string;
  readonly revision: number;
  readonly name: string;
  readonly type: AuthorityType;
  readonly area: string;
  readonly region: string;
  readonly rag: Rag;
  readonly statuses: StatusCounts;
  readonly overdueReviews: OverdueReview[];
  /** The earliest review date of its areas (null until one is assessed). */
  readonly nextReviewDue: string | null;
  /** People trained against staff in post, summed over the latest counts of each group. */
  readonly training: { readonly trained: number; readonly inPost: number; readonly groups: StaffGroup[] };
  /** Local authorities: the latest financial year an assurance statement was submitted for, or null. */
  readonly latestAssuranceStatement: { readonly year: string; readonly submittedOn: string } | null;
}

export interface AuthorityDashboard {
  /** The day overdue is measured against (London). */
  readonly today: string;
  /** Across every authority the filters match, not just this page. */
  readonly totals: { readonly red: number; readonly amber: number; readonly green: number; readonly overdue: number };
  readonly items: AuthoritySummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/**
 * The compliance dashboard across authorities: red first, then amber, then green, by name; with
 * the totals of each colour and of authorities with an overdue review. Overdue is measured on the
 * injected clock's day in London.
 */
@Injectable()
export class AuthorityDashboardQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(filters: ListAuthoritiesRequest): Promise<AuthorityDashboard> {
    const limit = filters.limit ?? 25;
    const offset = filters.offset ?? 0;
    const today = londonDate(this.clock.now());
    const filtered = () => {
      const query = this.dataSource.getRepository(AuthorityDashboardRow).createQueryBuilder('a');
      if (filters.type) query.andWhere('a.type = :type', { type: filters.type });
      if (filters.area) query.andWhere('a.area = :area', { area: filters.area });
      if (filters.region) query.andWhere('a.region = :region', { region: filters.region });
      if (filters.overdue === 'true') query.andWhere('a.earliest_review_due < :today', { today });
      if (filters.overdue === 'false') {
        query.andWhere('(a.earliest_review_due IS NULL OR a.earliest_review_due >= :today)', { today });
      }
      return query;
    };
    const totals = await this.totals(filtered(), today);
    const page = filtered();
    if (filters.rag) page.andWhere('a.rag = :rag', { rag: filters.rag });
    page
      .orderBy("CASE a.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END", 'ASC')
      .addOrderBy('a.name', 'ASC')
      .addOrderBy('a.authorityId', 'ASC')
      .offset(offset)
      .limit(limit);
    const [rows, total] = await page.getManyAndCount();
    return { today, totals, items: rows.map((row) => summary(row, today)), total, limit, offset };
  }

  private async totals(query: SelectQueryBuilder<AuthorityDashboardRow>, today: string) {
    const raw = await query
      .select("COUNT(*) FILTER (WHERE a.rag = 'red')", 'red')
      .addSelect("COUNT(*) FILTER (WHERE a.rag = 'amber')", 'amber')
      .addSelect("COUNT(*) FILTER (WHERE a.rag = 'green')", 'green')
      .addSelect('COUNT(*) FILTER (WHERE a.earliest_review_due < :today)', 'overdue')
      .setParameter('today', today)
      .getRawOne<{ red: string; amber: string; green: string; overdue: string }>();
    return {
      red: Number(raw?.red ?? 0),
      amber: Number(raw?.amber ?? 0),
      green: Number(raw?.green ?? 0),
      overdue: Number(raw?.overdue ?? 0),
    };
  }
}

function summary(row: AuthorityDashboardRow, today: string): AuthoritySummary {
  const groups = Object.keys(row.training).sort() as StaffGroup[];
  const years = Object.keys(row.assuranceStatements).sort();
  const latest = years.at(-1);
  return {
    authorityId: row.authorityId,
    revision: row.revision,
    name: row.name,
    type: row.type,
    area: row.area,
    region: row.region,
    rag: row.rag,
    statuses: { met: row.met, partlyMet: row.partlyMet, notMet: row.notMet, notAssessed: row.notAssessed },
    overdueReviews: overdueReviews(row.benchmarks, today),
    nextReviewDue: row.earliestReviewDue,
    training: {
      trained: groups.reduce((sum, group) => sum + (row.training[group]?.trained ?? 0), 0),
      inPost: groups.reduce((sum, group) => sum + (row.training[group]?.inPost ?? 0), 0),
      groups,
    },
    latestAssuranceStatement: latest ? { year: latest, submittedOn: row.assuranceStatements[latest] } : null,
  };
}
