import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@lib/auth';
import { SUPPRESSED } from '../suppression/count-grid-suppression.js';
import { statisticsCsv } from './statistics-csv.js';
import { requestedPeriod } from './statistics-period.js';
import { AREA_TABLE_ID, StatisticsAreaOutsideReachError, statisticsScope } from './statistics-scope.js';

const BIRMINGHAM = 'E08000025';
const LEEDS = 'E08000035';
const boardMember: Principal = { subject: 'board-1', roles: ['board-member'], area: BIRMINGHAM };
const admin: Principal = { subject: 'admin-1', roles: ['admin'] };

describe('the period a statistics request names', () => {
  it('reads a financial year, April to March', () => {
    expect(requestedPeriod({ financialYear: '2024-25' })).toEqual({ from: '2024-04-01', to: '2025-04-01' });
    expect(requestedPeriod({ financialYear: '1999/00' })).toEqual({ from: '1999-04-01', to: '2000-04-01' });
  });

  it('reads a quarter of the financial year that starts in the named year', () => {
    expect(requestedPeriod({ quarter: '2024-Q1' })).toEqual({ from: '2024-04-01', to: '2024-07-01' });
    expect(requestedPeriod({ quarter: '2024-Q3' })).toEqual({ from: '2024-10-01', to: '2025-01-01' });
    expect(requestedPeriod({ quarter: '2024-Q4' })).toEqual({ from: '2025-01-01', to: '2025-04-01' });
  });

  it('reads any range, from inclusive and to exclusive', () => {
    expect(requestedPeriod({ from: '2024-05-03', to: '2024-06-01' })).toEqual({ from: '2024-05-03', to: '2024-06-01' });
  });

  it('refuses no period, two periods, a half range, an impossible date, a backward range, a year that is not two', () => {
    expect(requestedPeriod({})).toEqual([expect.objectContaining({ field: 'period' })]);
    expect(requestedPeriod({ financialYear: '2024-25', quarter: '2024-Q1' })).toEqual([
      expect.objectContaining({ field: 'period' }),
    ]);
    expect(requestedPeriod({ from: '2024-05-03' })).toEqual([expect.objectContaining({ field: 'to' })]);
    expect(requestedPeriod({ from: '2024-02-30', to: '2024-06-01' })).toEqual([
      expect.objectContaining({ field: 'from' }),
    ]);
    expect(requestedPeriod({ from: '2024-06-01', to: '2024-06-01' })).toEqual([
      expect.objectContaining({ field: 'to' }),
    ]);
    expect(requestedPeriod({ financialYear: '2024-26' })).toEqual([
      expect.objectContaining({ field: 'financialYear' }),
    ]);
  });
});

describe('which statistics a caller may see', () => {
  it('gives an administrator any area and the table by area', () => {
    expect(statisticsScope(admin, { area: LEEDS })).toEqual({ withheldTables: [] });
    expect(statisticsScope(admin, {})).toEqual({ withheldTables: [] });
  });

  it('gives a board member their own area, with its row of the table by area', () => {
    expect(statisticsScope(boardMember, { area: BIRMINGHAM })).toEqual({ withheldTables: [] });
  });

  it('gives a board member national and regional figures without the table by area', () => {
    expect(statisticsScope(boardMember, {})).toEqual({ withheldTables: [AREA_TABLE_ID] });
  });

  it('refuses a board member another area, and anyone without an area any area', () => {
    expect(() => statisticsScope(boardMember, { area: LEEDS })).toThrow(StatisticsAreaOutsideReachError);
    expect(() => statisticsScope({ subject: 'b', roles: ['board-member'] }, { area: LEEDS })).toThrow(
      StatisticsAreaOutsideReachError,
    );
    expect(() =>
      statisticsScope({ subject: 'c', roles: ['channel-coordinator'], area: BIRMINGHAM }, { area: LEEDS }),
    ).toThrow(StatisticsAreaOutsideReachError);
  });
});

describe('statistics as CSV', () => {
  it('writes a line per figure, c where suppressed, z where there is no value, the totals as row total', () => {
    const csv = statisticsCsv(
      [
        {
          id: 'sector',
          title: 'Sector, of referral',
          kind: 'counts',
          rowHeader: 'Sector',
          columns: [{ key: 'referrals', label: 'Referrals' }],
          rows: [
            { key: 'education', label: 'Education', cells: [20] },
            { key: 'health', label: 'Health "NHS"', cells: [SUPPRESSED] },
            { key: 'other', label: 'Other', cells: [null] },
          ],
          columnTotals: [23],
        },
      ],
      5,
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('table,table_title,row,row_label,column,column_label,value');
    expect(lines[1]).toMatch(/^legend,Symbols,c,"?Suppressed: fewer than 5/);
    expect(lines.slice(3)).toEqual([
      'sector,"Sector, of referral",education,Education,referrals,Referrals,20',
      'sector,"Sector, of referral",health,"Health ""NHS""",referrals,Referrals,c',
      'sector,"Sector, of referral",other,Other,referrals,Referrals,z',
      'sector,"Sector, of referral",total,Total,referrals,Referrals,23',
      '',
    ]);
  });
});
