import { isSuppressed, type PublishedValue } from '../suppression/count-grid-suppression.js';
import type { PublishedStatisticsTable } from '../suppression/suppress-statistics-table.js';

/** The CSV symbol of a suppressed figure, as the Office for National Statistics writes it. */
export const CSV_SUPPRESSED = 'c';
/** The CSV symbol of no value (a median or a rate of nothing). */
export const CSV_NO_VALUE = 'z';
/** The row key of a table's column totals. */
export const CSV_TOTAL_ROW = 'total';

export const CSV_HEADER = ['table', 'table_title', 'row', 'row_label', 'column', 'column_label', 'value'] as const;

/**
 * Every table in one CSV, one line per figure ("tidy" form: a table's section is its lines):
 * `table,table_title,row,row_label,column,column_label,value`. The column totals of a counts table
 * are the row `total`. The first lines, table `legend`, say what `c` and `z` mean. RFC 4180:
 * CRLF, fields quoted when they hold a comma, a quote or a line break.
 */
export function statisticsCsv(tables: readonly PublishedStatisticsTable[], threshold: number): string {
  const lines: string[][] = [
    [...CSV_HEADER],
    [
      'legend',
      'Symbols',
      CSV_SUPPRESSED,
      `Suppressed: fewer than ${threshold}, or withheld so that such a figure cannot be worked back from the totals`,
      '',
      '',
      '',
    ],
    ['legend', 'Symbols', CSV_NO_VALUE, 'No value (a median or a rate of nothing)', '', '', ''],
  ];
  for (const table of tables) {
    const rows = [
      ...table.rows,
      ...(table.columnTotals ? [{ key: CSV_TOTAL_ROW, label: 'Total', cells: table.columnTotals }] : []),
    ];
    for (const row of rows) {
      table.columns.forEach((column, index) => {
        lines.push([table.id, table.title, row.key, row.label, column.key, column.label, csvValue(row.cells[index])]);
      });
    }
  }
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvValue(value: PublishedValue | undefined): string {
  if (isSuppressed(value)) return CSV_SUPPRESSED;
  if (value === null || value === undefined) return CSV_NO_VALUE;
  return String(value);
}

function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
