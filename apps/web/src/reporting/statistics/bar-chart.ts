import { isSuppressed, type PublishedValue, type StatisticsTableAnswer } from './statistics-answer.js';

/** One bar of a chart, laid out in the SVG's own units (the SVG scales to its container). */
export interface ChartBar {
  readonly label: string;
  readonly labelY: number;
  readonly barY: number;
  readonly barWidth: number;
  readonly valueX: number;
  readonly valueY: number;
  /** What is written at the end of the bar: the figure, "Suppressed" or "No value"; never a made-up number. */
  readonly valueText: string;
  readonly suppressed: boolean;
  /** No bar is drawn (no value, or zero). */
  readonly empty: boolean;
}

/** An accessible horizontal bar chart drawn on the server: `role="img"`, a title and a description. */
export interface BarChart {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly width: number;
  readonly height: number;
  readonly barHeight: number;
  readonly bars: readonly ChartBar[];
}

export const CHART_WIDTH = 640;
const ROW = 46;
const BAR_HEIGHT = 18;
/** Room at the right of the longest bar for its figure. */
const VALUE_ROOM = 110;
/** A suppressed figure is drawn as a short grey stub with the word "Suppressed", not as a length. */
const SUPPRESSED_STUB = 14;

/**
 * The chart of one table: a bar per row, for the table's first column (the referrals of a
 * breakdown, the number at each stage, the adoption rate). Rates are drawn on a 0–100 scale.
 */
export function barChartOf(table: StatisticsTableAnswer, formatValue: (value: number) => string): BarChart {
  const column = table.columns[0];
  const values = table.rows.map((row) => row.cells[0]);
  const shown = values.filter((value): value is number => typeof value === 'number');
  const scale = table.kind === 'rates' ? 100 : Math.max(1, ...shown);
  const room = CHART_WIDTH - VALUE_ROOM;
  const bars = table.rows.map((row, index): ChartBar => {
    const value = values[index];
    const top = index * ROW;
    const suppressed = isSuppressed(value);
    const barWidth = suppressed
      ? SUPPRESSED_STUB
      : typeof value === 'number' && value > 0
        ? Math.max(2, Math.round((value / scale) * room))
        : 0;
    return {
      label: row.label,
      labelY: top + 15,
      barY: top + 22,
      barWidth,
      valueX: barWidth + 6,
      valueY: top + 22 + BAR_HEIGHT - 4,
      valueText: textOf(value, formatValue),
      suppressed,
      empty: barWidth === 0,
    };
  });
  const suppressedCount = bars.filter((bar) => bar.suppressed).length;
  return {
    id: `chart-${table.id}`,
    title: `Chart: ${table.title}`,
    description:
      `Horizontal bar chart of ${column?.label.toLowerCase() ?? 'the figures'} by ${table.rowHeader.toLowerCase()}` +
      (table.kind === 'rates' ? ' (per cent, on a scale of 0 to 100)' : '') +
      `. ${bars.map((bar) => `${bar.label}: ${bar.valueText}`).join('; ')}.` +
      (suppressedCount > 0
        ? ` ${suppressedCount} ${suppressedCount === 1 ? 'figure is' : 'figures are'} suppressed and drawn as a short grey bar.`
        : '') +
      ' The same figures are in the table below the chart.',
    width: CHART_WIDTH,
    height: Math.max(ROW, bars.length * ROW + 4),
    barHeight: BAR_HEIGHT,
    bars,
  };
}

function textOf(value: PublishedValue | undefined, formatValue: (value: number) => string): string {
  if (isSuppressed(value)) return 'Suppressed';
  if (typeof value !== 'number') return 'No value';
  return formatValue(value);
}
