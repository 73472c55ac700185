import { formatDate } from '../../views/format.js';
import { type BarChart, barChartOf } from './bar-chart.js';
import {
  isSuppressed,
  type PublishedValue,
  type StatisticsAnswer,
  type StatisticsTableAnswer,
} from './statistics-answer.js';
import { REGION_NAMES } from './statistics-filters.js';

interface TableCell {
  readonly text?: string;
  readonly html?: string;
  readonly format?: 'numeric';
  readonly classes?: string;
  readonly attributes?: Record<string, string>;
}

/** One table of the release on the page: its heading, its chart (counts and rates) and its figures. */
export interface StatisticsSection {
  readonly id: string;
  readonly heading: string;
  readonly caption: string;
  readonly chart?: BarChart;
  readonly head: readonly TableCell[];
  readonly rows: readonly (readonly TableCell[])[];
  readonly suppressedCells: number;
}

const NUMBER = new Intl.NumberFormat('en-GB');

export function formatFigure(kind: StatisticsTableAnswer['kind'], value: number): string {
  if (kind === 'rates') return `${value}%`;
  if (kind === 'durations') return `${NUMBER.format(value)} ${value === 1 ? 'day' : 'days'}`;
  return NUMBER.format(value);
}

/** The id of one figure's cell, for links and tests: `stats-stages-referrals-count`. */
export function cellId(table: string, row: string, column: string): string {
  return `stats-${table}-${row}-${column}`.replace(/[^A-Za-z0-9_-]/g, '-');
}

function cellOf(
  table: StatisticsTableAnswer,
  row: string,
  column: string,
  value: PublishedValue | undefined,
): TableCell {
  const id = cellId(table.id, row, column);
  if (isSuppressed(value)) {
    return {
      html: '<span class="app-stats-suppressed">Suppressed</span>',
      format: 'numeric',
      attributes: { id, 'data-suppressed': 'true' },
    };
  }
  if (typeof value !== 'number') {
    return { html: '<span class="app-stats-no-value">No value</span>', format: 'numeric', attributes: { id } };
  }
  return { text: formatFigure(table.kind, value), format: 'numeric', attributes: { id } };
}

/** A short heading for a table: its title up to the colon ("Type of concern"). */
function headingOf(table: StatisticsTableAnswer): string {
  return table.title.split(':')[0]!.trim();
}

export function sectionOf(table: StatisticsTableAnswer, periodText: string): StatisticsSection {
  const head: TableCell[] = [
    { text: table.rowHeader },
    ...table.columns.map((column) => ({ text: column.label, format: 'numeric' as const })),
  ];
  const rows: TableCell[][] = table.rows.map((row) => [
    { text: row.label },
    ...table.columns.map((column, index) => cellOf(table, row.key, column.key, row.cells[index])),
  ]);
  if (table.columnTotals) {
    rows.push([
      { text: 'Total', classes: 'app-stats-total' },
      ...table.columns.map((column, index) => cellOf(table, 'total', column.key, table.columnTotals![index])),
    ]);
  }
  const suppressedCells = [...table.rows.flatMap((row) => row.cells), ...(table.columnTotals ?? [])].filter((value) =>
    isSuppressed(value),
  ).length;
  return {
    id: table.id,
    heading: headingOf(table),
    caption: `${table.title}, ${periodText}`,
    ...(table.kind === 'durations' ? {} : { chart: barChartOf(table, (value) => formatFigure(table.kind, value)) }),
    head,
    rows,
    suppressedCells,
  };
}

/** "1 April 2026 to 31 March 2027" (the API's `to` is the day after the period). */
export function periodText(period: StatisticsAnswer['period']): string {
  const last = new Date(Date.parse(`${period.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return `${formatDate(period.from)} to ${formatDate(last)}`;
}

/** Where the figures are for: England and Wales, a region, or one local authority area. */
export function scopeText(answer: Pick<StatisticsAnswer, 'region' | 'area'>): string {
  if (answer.area) return `local authority area ${answer.area}`;
  if (answer.region) return REGION_NAMES[answer.region] ?? answer.region;
  return 'England and Wales';
}
