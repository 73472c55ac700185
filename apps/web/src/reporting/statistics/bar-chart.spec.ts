import { describe, expect, it } from '@jest/globals';
import { barChartOf, CHART_WIDTH, wrap } from './bar-chart.js';
import type { StatisticsTableAnswer } from './statistics-answer.js';

const table = (kind: StatisticsTableAnswer['kind'], cells: StatisticsTableAnswer['rows'][number]['cells'][]) => ({
  id: 'sector',
  title: 'Sector of referral',
  kind,
  rowHeader: 'Sector',
  columns: [{ key: 'referrals', label: 'Referrals' }],
  rows: cells.map((row, index) => ({ key: `row-${index}`, label: `Row ${index}`, cells: row })),
});

describe('a bar chart of a statistics table', () => {
  it('draws the largest figure the full width, the others in proportion, a zero as no bar', () => {
    const chart = barChartOf(table('counts', [[40], [10], [0]]), String);
    const [largest, smaller, zero] = chart.bars;
    expect(largest!.barWidth + 90).toBe(CHART_WIDTH);
    expect(smaller!.barWidth).toBe(Math.round(largest!.barWidth / 4));
    expect(zero).toMatchObject({ empty: true, valueText: '0' });
  });

  it('draws a suppressed figure as a short stub saying so, never as a number', () => {
    const chart = barChartOf(table('counts', [[12], [{ suppressed: true }]]), String);
    expect(chart.bars[1]).toMatchObject({ suppressed: true, barWidth: 14, valueText: 'Suppressed', empty: false });
    expect(chart.description).toContain('Row 1: Suppressed');
    expect(chart.description).toContain('1 figure is suppressed');
  });

  it('draws rates on a scale of 0 to 100 and says a missing value is none', () => {
    const chart = barChartOf(table('rates', [[50], [null]]), (value) => `${value}%`);
    expect(chart.bars[0]!.barWidth).toBe(Math.round((CHART_WIDTH - 90) / 2));
    expect(chart.bars[1]).toMatchObject({ empty: true, valueText: 'No value' });
    expect(chart.description).toContain('per cent');
  });

  it('wraps long labels, and makes room for each line', () => {
    expect(wrap('Left Channel otherwise (consent withdrawn, transferred, other)', 30)).toEqual([
      'Left Channel otherwise',
      '(consent withdrawn,',
      'transferred, other)',
    ]);
    const long = { ...table('counts', [[1], [2]]) };
    const chart = barChartOf(
      { ...long, rows: [{ key: 'a', label: 'word '.repeat(30).trim(), cells: [1] }, long.rows[1]!] },
      String,
    );
    expect(chart.bars[0]!.labelLines.length).toBeGreaterThan(1);
    expect(chart.bars[1]!.labelLines[0]!.y).toBeGreaterThan(chart.bars[0]!.barY);
  });
});
