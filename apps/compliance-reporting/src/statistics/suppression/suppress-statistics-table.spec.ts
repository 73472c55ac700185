import { describe, expect, it } from '@jest/globals';
import type { StatisticsTable } from '../statistics-table.js';
import { SUPPRESSED } from './count-grid-suppression.js';
import { suppressStatisticsTable } from './suppress-statistics-table.js';

const S = SUPPRESSED;
const policy = { threshold: 5 };

const bySector: StatisticsTable = {
  id: 'sector',
  title: 'Referrals by sector of referral',
  kind: 'counts',
  rowHeader: 'Sector',
  columns: [{ key: 'referrals', label: 'Referrals' }],
  rows: [
    { key: 'education', label: 'Education', cells: [120] },
    { key: 'health', label: 'Health', cells: [3] },
    { key: 'police', label: 'Police', cells: [9] },
    { key: 'prisons', label: 'Prisons', cells: [0] },
    { key: 'other', label: 'Other', cells: [14] },
  ],
  columnTotals: [146],
};

describe('a statistics table, suppressed', () => {
  it('suppresses a counts table with its column totals: primary, then the next smallest non-zero cell', () => {
    const published = suppressStatisticsTable(bySector, policy);
    expect(published.rows.map((row) => row.cells[0])).toEqual([120, S, S, 0, 14]);
    expect(published.columnTotals).toEqual([146]);
    expect(published.rows.map((row) => row.key)).toEqual(['education', 'health', 'police', 'prisons', 'other']);
  });

  it('leaves the unsuppressed table as it was', () => {
    suppressStatisticsTable(bySector, policy);
    expect(bySector.rows[1].cells).toEqual([3]);
  });

  it('withholds a duration when fewer than the threshold are behind it, and does not publish the base counts', () => {
    const published = suppressStatisticsTable(
      {
        id: 'timeliness',
        title: 'Days from referral',
        kind: 'durations',
        rowHeader: 'Step',
        columns: [
          { key: 'median', label: 'Median' },
          { key: 'p90', label: '90th percentile' },
        ],
        rows: [
          { key: 'to-decision', label: 'To police decision', cells: [12, 40] },
          { key: 'to-adoption', label: 'To adoption', cells: [55, 90] },
          { key: 'to-panel', label: 'To panel', cells: [null, null] },
        ],
        baseCounts: [
          [30, 30],
          [4, 4],
          [0, 0],
        ],
      },
      policy,
    );
    expect(published.rows.map((row) => row.cells)).toEqual([
      [12, 40],
      [S, S],
      [null, null],
    ]);
    expect(published).not.toHaveProperty('baseCounts');
  });

  it('withholds a rate whose base, or the count it implies, or the rest of its base, is small', () => {
    const published = suppressStatisticsTable(
      {
        id: 'adoption-rate-by-concern',
        title: 'Adoption rate',
        kind: 'rates',
        rowHeader: 'Type of concern',
        columns: [{ key: 'rate', label: 'Adopted (%)' }],
        rows: [
          { key: 'a', label: 'A', cells: [50] },
          { key: 'b', label: 'B', cells: [50] },
          { key: 'c', label: 'C', cells: [10] },
          { key: 'd', label: 'D', cells: [95] },
          { key: 'e', label: 'E', cells: [0] },
        ],
        baseCounts: [[20], [4], [20], [40], [30]],
      },
      policy,
    );
    expect(published.rows.map((row) => row.cells[0])).toEqual([50, S, S, S, 0]);
  });

  it('uses the configured threshold', () => {
    const published = suppressStatisticsTable(bySector, { threshold: 10 });
    expect(published.rows.map((row) => row.cells[0])).toEqual([120, S, S, 0, 14]);
    const strict = suppressStatisticsTable(bySector, { threshold: 15 });
    expect(strict.rows.map((row) => row.cells[0])).toEqual([120, S, S, 0, S]);
  });
});
