import type { StatisticsColumn, StatisticsTable, StatisticsTableKind } from '../statistics-table.js';
import {
  assertPolicy,
  type PublishedValue,
  suppressCountGrid,
  SUPPRESSED,
  type SuppressionPolicy,
} from './count-grid-suppression.js';

export interface PublishedStatisticsRow {
  readonly key: string;
  readonly label: string;
  readonly cells: PublishedValue[];
}

/**
 * A statistics table as it leaves the service: small numbers suppressed (ADR 095). The base
 * counts behind rates and durations are not published: with a rate, a base tells the count.
 */
export interface PublishedStatisticsTable {
  readonly id: string;
  readonly title: string;
  readonly kind: StatisticsTableKind;
  readonly rowHeader: string;
  readonly columns: StatisticsColumn[];
  readonly rows: PublishedStatisticsRow[];
  readonly columnTotals?: PublishedValue[];
}

/**
 * - `counts`: {@link suppressCountGrid} with the column totals the table gives (row totals are
 *   not published, so they are unknowns to whoever works a cell back).
 * - `rates` (percentages) and `durations` (days): a cell is withheld when the count behind it
 *   is below the threshold; a rate also when the count it implies, or the rest of its base
 *   (`round(rate × base / 100)` and `base −` that), is from 1 to below the threshold.
 */
export function suppressStatisticsTable(table: StatisticsTable, policy: SuppressionPolicy): PublishedStatisticsTable {
  assertPolicy(policy);
  const head = {
    id: table.id,
    title: table.title,
    kind: table.kind,
    rowHeader: table.rowHeader,
    columns: table.columns.map(({ key, label }) => ({ key, label })),
  };
  const rowHead = (index: number) => ({ key: table.rows[index].key, label: table.rows[index].label });

  if (table.kind === 'counts') {
    const published = suppressCountGrid(
      {
        cells: table.rows.map((row) => table.columns.map((_, column) => row.cells[column] ?? null)),
        ...(table.columnTotals ? { columnTotals: table.columnTotals } : {}),
      },
      policy,
    );
    return {
      ...head,
      rows: published.cells.map((cells, index) => ({ ...rowHead(index), cells })),
      ...(published.columnTotals ? { columnTotals: published.columnTotals } : {}),
    };
  }

  const small = (count: number) => count > 0 && count < policy.threshold;
  return {
    ...head,
    rows: table.rows.map((row, index) => ({
      ...rowHead(index),
      cells: table.columns.map((_, column): PublishedValue => {
        const value = row.cells[column] ?? null;
        const base = table.baseCounts?.[index]?.[column];
        if (value === null) return null;
        if (base === undefined || base < policy.threshold) return SUPPRESSED;
        if (table.kind === 'rates') {
          const implied = Math.round((value * base) / 100);
          if (small(implied) || small(base - implied)) return SUPPRESSED;
        }
        return value;
      }),
    })),
  };
}
