/**
 * The shape of one published statistics table, as the Home Office statistical release
 * lays them out (domain.md §5–§6). Tables are produced unsuppressed by `StatisticsTables`;
 * small-number suppression is applied on top of this shape (statistics/suppression).
 */

/** One row of a table: a stable key (a code), its label and one cell per column. */
export interface StatisticsRow {
  readonly key: string;
  readonly label: string;
  /** `null` only where a value is undefined (a median of no cases, a rate over zero). */
  readonly cells: readonly (number | null)[];
}

export interface StatisticsColumn {
  readonly key: string;
  readonly label: string;
}

/**
 * - `counts`: every cell is a count of referrals; suppression applies to the cells.
 * - `rates`: every cell is a percentage; `baseCounts` holds the count behind each cell.
 * - `durations`: every cell is a number of days; `baseCounts` holds the count behind each cell.
 */
export type StatisticsTableKind = 'counts' | 'rates' | 'durations';

export interface StatisticsTable {
  /** 'stages', 'concern-type', 'sector', 'age', 'gender', 'region', 'area', 'quarter', 'adoption-rate-by-concern', 'timeliness', 'reviews-overdue' */
  readonly id: string;
  readonly title: string;
  readonly kind: StatisticsTableKind;
  readonly rowHeader: string;
  readonly columns: readonly StatisticsColumn[];
  readonly rows: readonly StatisticsRow[];
  /** Counts tables: the totals over rows, one per column. */
  readonly columnTotals?: readonly (number | null)[];
  /** Rates and durations tables: the count behind each cell (same shape as rows × columns), for suppression. */
  readonly baseCounts?: readonly (readonly number[])[];
}

export type AgeBanding = 'current' | 'older';

/**
 * A period and filters for the tables.
 * `from` is inclusive and `to` exclusive, both ISO dates (YYYY-MM-DD); a referral falls in the
 * period by the date it was received. The financial year 2024/25 is `{ from: '2024-04-01', to: '2025-04-01' }`.
 */
export interface StatisticsQuery {
  from: string;
  to: string;
  /** A region code (codes/regions). */
  region?: string;
  /** A local authority area code. */
  area?: string;
  /** Default 'current'. */
  ageBanding?: AgeBanding;
  /** The concern-type code-list version to show every referral in; default the latest. */
  concernCodeList?: string;
}
