import { isSuppressed, type PublishedValue, type StatisticsTableAnswer } from './statistics-answer.js';

/** One bar of a chart, laid out in the SVG's own units (the SVG scales to its container). */
export interface ChartBar {
  readonly label: string;
  /** The label, wrapped to the chart's width, each line with its baseline. */
  readonly labelLines: readonly { readonly text: string; readonly y: number }[];
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

/**
 * The SVG's own width. Narrow, so that at 320 pixels the 14-unit labels still read at about 10
 * pixels; on a wide screen the chart is at most 480 pixels wide (`.app-stats-chart`).
 */
export const CHART_WIDTH = 400;
const LINE = 16;
/** Characters of a label line at 14 units (Arial), within the chart's width. */
const LINE_CHARACTERS = 52;
const BAR_HEIGHT = 16;
const ROW_GAP = 12;
/** Room at the right of the longest bar for its figure. */
const VALUE_ROOM = 90;
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
  let top = 0;
  const bars = table.rows.map((row, index): ChartBar => {
    const value = values[index];
    const lines = wrap(row.label, LINE_CHARACTERS);
    const barY = top + lines.length * LINE + 4;
    const labelLines = lines.map((text, line) => ({ text, y: top + 13 + line * LINE }));
    top = barY + BAR_HEIGHT + ROW_GAP;
    const suppressed = isSuppressed(value);
    const barWidth = suppressed
      ? SUPPRESSED_STUB
      : typeof value === 'number' && value > 0
        ? Math.max(2, Math.round((value / scale) * room))
        : 0;
    return {
      label: row.label,
      labelLines,
      barY,
      barWidth,
      valueX: barWidth + 6,
      valueY: barY + BAR_HEIGHT - 3,
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
    height: Math.max(LINE + BAR_HEIGHT + ROW_GAP, top),
    barHeight: BAR_HEIGHT,
    bars,
  };
}

/** Words into lines of at most `width` characters (a longer word stands on its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [''];
}

function textOf(value: PublishedValue | undefined, formatValue: (value: number) => string): string {
  if (isSuppressed(value)) return 'Suppressed';
  if (typeof value !== 'number') return 'No value';
  return formatValue(value);
}
