import { GENDERS, REGIONS, SECTORS } from '@lib/contracts';
import { AGE_BANDINGS, AGE_NOT_KNOWN, ageBandOf } from './age-bandings.js';
import {
  concernTypeList,
  LATEST_CONCERN_TYPE_LIST,
  mapConcernType,
  UNKNOWN_CONCERN,
} from './code-lists/concern-types.js';
import { daysBetween, financialQuarterOf, financialYearOf, financialYearsIn, quartersIn } from './periods.js';
import type { ReferralStatistic } from './referral-statistic.js';
import type { StatisticsQuery, StatisticsRow, StatisticsTable } from './statistics-table.js';

/**
 * The tables of the statistical release from the projection's rows (domain §6), unsuppressed.
 *
 * The rows are the referrals *received* in the period (and the cases a local authority opened
 * itself in it), not withdrawn; each is followed through every stage the events known so far
 * record, whenever it happened. `asAt` (an ISO date, today) decides which post-exit reviews are
 * overdue: due before it and not completed.
 */
export function buildStatisticsTables(
  rows: readonly ReferralStatistic[],
  query: StatisticsQuery,
  asAt: string,
): StatisticsTable[] {
  const banding = query.ageBanding ?? 'current';
  const codeList = query.concernCodeList ?? LATEST_CONCERN_TYPE_LIST;
  const concernList = concernTypeList(codeList);
  const concernOf = (row: ReferralStatistic): string => {
    const primary = row.concernCodes?.[0];
    return primary === undefined ? UNKNOWN_CONCERN : mapConcernType(primary, row.concernCodeList ?? '', codeList);
  };
  const areas = [...new Set(rows.map((row) => row.area))].sort();
  return [
    stagesTable(rows),
    breakdown('concern-type', 'Type of concern', 'Type of concern', rows, concernOf, [
      ...concernList.categories.map((category) => ({ key: category.code, label: category.label })),
      { key: UNKNOWN_CONCERN, label: 'Not known' },
    ]),
    breakdown('sector', 'Sector of referral', 'Sector', rows, (row) => row.sector ?? 'not-known', [
      ...SECTORS.map((sector) => ({ key: sector, label: labelOf(sector) })),
      { key: 'not-known', label: 'Not known' },
    ]),
    breakdown('age', 'Age at referral', 'Age at referral', rows, (row) => ageBandOf(row.ageAtReferral, banding), [
      ...AGE_BANDINGS[banding].map(({ key, label }) => ({ key, label })),
      AGE_NOT_KNOWN,
    ]),
    breakdown(
      'gender',
      'Gender',
      'Gender',
      rows,
      (row) => row.gender ?? 'not-known',
      GENDERS.map((gender) => ({ key: gender, label: labelOf(gender) })),
    ),
    breakdown(
      'region',
      'Region',
      'Region',
      rows,
      (row) => row.region,
      REGIONS.map((region) => ({ key: region, label: REGION_NAMES[region] })),
    ),
    breakdown(
      'area',
      'Local authority area',
      'Local authority (ONS code)',
      rows,
      (row) => row.area,
      areas.map((area) => ({ key: area, label: area })),
    ),
    breakdown(
      'quarter',
      'Quarter of referral',
      'Quarter',
      rows,
      (row) => financialQuarterOf(row.receivedOn),
      quartersIn(query).map((quarter) => ({ key: quarter, label: quarter })),
    ),
    breakdown(
      'financial-year',
      'Financial year of referral',
      'Financial year',
      rows,
      (row) => financialYearOf(row.receivedOn),
      financialYearsIn(query).map((year) => ({
        key: year,
        label: `April ${year.slice(0, 4)} to March 20${year.slice(5)}`,
      })),
    ),
    adoptionRateTable(rows, concernOf, concernList.categories),
    timelinessTable(rows),
    reviewsTable(rows, asAt),
  ];
}

export const STAGES: readonly { key: string; label: string; counts: (row: ReferralStatistic) => boolean }[] = [
  { key: 'referrals', label: 'Referrals', counts: () => true },
  {
    key: 'opened-by-local-authority',
    label: 'of which Channel cases opened by the local authority',
    counts: (r) => r.origin === 'local-authority',
  },
  {
    key: 'awaiting-decision',
    label: 'Awaiting a police decision',
    counts: (r) => r.origin === 'police-referral' && r.outcome === null,
  },
  { key: 'no-further-action', label: 'Left with no further action', counts: (r) => r.outcome === 'no-further-action' },
  {
    key: 'signposted',
    label: 'Signposted to other services before Channel',
    counts: (r) => r.outcome === 'signposted',
  },
  {
    key: 'police-led-partnership',
    label: 'Police-led partnership',
    counts: (r) => r.outcome === 'police-led-partnership',
  },
  {
    key: 'closed-counter-terrorism-investigation',
    label: 'Closed for a counter-terrorism investigation',
    counts: (r) => r.outcome === 'closed-counter-terrorism-investigation',
  },
  { key: 'referred-to-channel', label: 'Referred to Channel', counts: (r) => r.outcome === 'referred-to-channel' },
  { key: 'discussed-at-panel', label: 'Discussed at a Channel panel', counts: (r) => r.firstDiscussedAt !== null },
  { key: 'not-adopted', label: 'Not adopted as a Channel case', counts: (r) => r.notAdoptedOutcome !== null },
  {
    key: 'not-adopted-referred-to-other-services',
    label: 'of which referred to other services',
    counts: (r) => r.notAdoptedOutcome === 'referred-to-other-services',
  },
  { key: 'adopted', label: 'Adopted as a Channel case', counts: (r) => r.adoptedAt !== null },
  {
    key: 'left-no-further-concerns',
    label: 'Left Channel with no further terrorism-related concerns',
    counts: (r) => r.exitOutcome === 'no-further-terrorism-concerns',
  },
  {
    key: 'left-with-concerns',
    label: 'Left Channel with concerns (passed to the police)',
    counts: (r) => r.exitOutcome === 'concerns-remain-passed-to-police',
  },
  {
    key: 'left-other',
    label: 'Left Channel otherwise (consent withdrawn, transferred, other)',
    counts: (r) =>
      r.exitOutcome !== null &&
      !['no-further-terrorism-concerns', 'concerns-remain-passed-to-police'].includes(r.exitOutcome),
  },
  {
    key: 'still-in-support',
    label: 'Still receiving Channel support',
    counts: (r) => r.adoptedAt !== null && r.exitOutcome === null,
  },
];

/** The columns of every breakdown: referrals, of which discussed at a panel, of which adopted. */
export const BREAKDOWN_COLUMNS = [
  { key: 'referrals', label: 'Referrals' },
  { key: 'discussed-at-panel', label: 'Discussed at a Channel panel' },
  { key: 'adopted', label: 'Adopted as a Channel case' },
] as const;

function stagesTable(rows: readonly ReferralStatistic[]): StatisticsTable {
  return {
    id: 'stages',
    title: 'Referrals by stage',
    kind: 'counts',
    rowHeader: 'Stage',
    columns: [{ key: 'count', label: 'Number' }],
    // stages nest ("of which"), so there is no total over the rows
    rows: STAGES.map((stage) => ({ key: stage.key, label: stage.label, cells: [rows.filter(stage.counts).length] })),
  };
}

function breakdown(
  id: string,
  title: string,
  rowHeader: string,
  rows: readonly ReferralStatistic[],
  keyOf: (row: ReferralStatistic) => string,
  categories: readonly { key: string; label: string }[],
): StatisticsTable {
  const counts = new Map(categories.map((category) => [category.key, [0, 0, 0]]));
  for (const row of rows) {
    const cells = counts.get(keyOf(row));
    if (!cells) throw new Error(`statistics table ${id}: no row for ${keyOf(row)}`);
    cells[0]! += 1;
    if (row.firstDiscussedAt !== null) cells[1]! += 1;
    if (row.adoptedAt !== null) cells[2]! += 1;
  }
  const tableRows: StatisticsRow[] = categories.map((category) => ({ ...category, cells: counts.get(category.key)! }));
  return {
    id,
    title: `${title}: referrals, discussed at a Channel panel, adopted`,
    kind: 'counts',
    rowHeader,
    columns: BREAKDOWN_COLUMNS,
    rows: tableRows,
    columnTotals: BREAKDOWN_COLUMNS.map((_, column) =>
      tableRows.reduce((sum, row) => sum + (row.cells[column] ?? 0), 0),
    ),
  };
}

function adoptionRateTable(
  rows: readonly ReferralStatistic[],
  concernOf: (row: ReferralStatistic) => string,
  categories: readonly { code: string; label: string }[],
): StatisticsTable {
  const keys = [
    ...categories.map((category) => ({ key: category.code, label: category.label })),
    { key: UNKNOWN_CONCERN, label: 'Not known' },
  ];
  const tableRows: StatisticsRow[] = [];
  const baseCounts: number[][] = [];
  for (const { key, label } of keys) {
    const discussed = rows.filter((row) => row.firstDiscussedAt !== null && concernOf(row) === key);
    const adopted = discussed.filter((row) => row.adoptedAt !== null).length;
    tableRows.push({ key, label, cells: [percentage(adopted, discussed.length)] });
    baseCounts.push([discussed.length]);
  }
  return {
    id: 'adoption-rate-by-concern',
    title: 'Adoption rate by type of concern: adopted as a percentage of those discussed at a panel',
    kind: 'rates',
    rowHeader: 'Type of concern',
    columns: [{ key: 'adoption-rate', label: 'Adopted (% of discussed)' }],
    rows: tableRows,
    baseCounts,
  };
}

export const TIMELINESS_MEASURES: readonly {
  key: string;
  label: string;
  until: (row: ReferralStatistic) => string | null;
}[] = [
  // a local authority's own case has no police decision
  {
    key: 'to-police-decision',
    label: 'Referral to police decision',
    until: (r) => (r.origin === 'police-referral' ? r.decidedAt : null),
  },
  { key: 'to-panel-discussion', label: 'Referral to first panel discussion', until: (r) => r.firstDiscussedAt },
  { key: 'to-adoption', label: 'Referral to adoption', until: (r) => r.adoptedAt },
];

function timelinessTable(rows: readonly ReferralStatistic[]): StatisticsTable {
  const tableRows: StatisticsRow[] = [];
  const baseCounts: number[][] = [];
  for (const measure of TIMELINESS_MEASURES) {
    const days = rows
      .map((row) => {
        const until = measure.until(row);
        return until === null ? null : daysBetween(row.receivedAt, until);
      })
      .filter((value): value is number => value !== null);
    tableRows.push({ key: measure.key, label: measure.label, cells: [median(days), percentile(days, 90)] });
    baseCounts.push([days.length, days.length]);
  }
  return {
    id: 'timeliness',
    title: 'Timeliness: days from referral (median and 90th percentile)',
    kind: 'durations',
    rowHeader: 'Measure',
    columns: [
      { key: 'median', label: 'Median (days)' },
      { key: 'p90', label: '90th percentile (days)' },
    ],
    rows: tableRows,
    baseCounts,
  };
}

function reviewsTable(rows: readonly ReferralStatistic[], asAt: string): StatisticsTable {
  const reviews = [
    {
      key: '6-months',
      label: 'Post-exit review at 6 months',
      due: (r: ReferralStatistic) => r.review6DueOn,
      done: (r: ReferralStatistic) => r.review6CompletedAt,
    },
    {
      key: '12-months',
      label: 'Post-exit review at 12 months',
      due: (r: ReferralStatistic) => r.review12DueOn,
      done: (r: ReferralStatistic) => r.review12CompletedAt,
    },
  ];
  const columns = [
    { key: 'due', label: 'Reviews falling due' },
    { key: 'completed', label: 'Completed' },
    { key: 'completed-late', label: 'of which completed after the due date' },
    { key: 'open', label: 'Open, not yet due' },
    { key: 'overdue', label: 'Overdue' },
  ];
  const tableRows: StatisticsRow[] = reviews.map((review) => {
    const due = rows.filter((row) => review.due(row) !== null);
    const completed = due.filter((row) => review.done(row) !== null);
    const late = completed.filter((row) => review.done(row)!.slice(0, 10) > review.due(row)!).length;
    const pending = due.filter((row) => review.done(row) === null);
    const overdue = pending.filter((row) => review.due(row)! < asAt).length;
    return {
      key: review.key,
      label: review.label,
      cells: [due.length, completed.length, late, pending.length - overdue, overdue],
    };
  });
  return {
    id: 'reviews-overdue',
    title: `Post-exit reviews of the period's cases, as at ${asAt}`,
    kind: 'counts',
    rowHeader: 'Review',
    columns,
    rows: tableRows,
    columnTotals: columns.map((_, column) => tableRows.reduce((sum, row) => sum + (row.cells[column] ?? 0), 0)),
  };
}

/** The middle value (the mean of the two middle values for an even count); `null` for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The nearest-rank percentile: the smallest value with at least `p`% of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A percentage to one decimal place; `null` over a base of zero. */
export function percentage(part: number, base: number): number | null {
  return base === 0 ? null : Math.round((part / base) * 1000) / 10;
}

function labelOf(code: string): string {
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const REGION_NAMES: Readonly<Record<string, string>> = {
  E12000001: 'North East',
  E12000002: 'North West',
  E12000003: 'Yorkshire and The Humber',
  E12000004: 'East Midlands',
  E12000005: 'West Midlands',
  E12000006: 'East of England',
  E12000007: 'London',
  E12000008: 'South East',
  E12000009: 'South West',
  W92000004: 'Wales',
};
