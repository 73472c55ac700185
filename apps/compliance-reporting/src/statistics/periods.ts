/**
 * Periods of the statistical release: the financial year runs from 1 April to 31 March
 * (`2024/25`), its quarters Q1 April–June to Q4 January–March. Periods are half-open
 * `[from, to)` ranges of ISO dates; days are UTC days.
 */
export interface Period {
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
}

/** `'2024/25'` for any date from 2024-04-01 to 2025-03-31. */
export function financialYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const start = month >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** 1 to 4: Q1 is April–June. */
export function quarterOf(date: string): 1 | 2 | 3 | 4 {
  const month = Number(date.slice(5, 7));
  return (month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4) as 1 | 2 | 3 | 4;
}

/** `'2024/25 Q1'` */
export function financialQuarterOf(date: string): string {
  return `${financialYearOf(date)} Q${quarterOf(date)}`;
}

const FINANCIAL_YEAR = /^(\d{4})\/(\d{2})$/;

/** `'2024/25'` → `{ from: '2024-04-01', to: '2025-04-01' }` */
export function financialYearPeriod(financialYear: string): Period {
  const match = FINANCIAL_YEAR.exec(financialYear);
  const start = match ? Number(match[1]) : NaN;
  if (!match || (start + 1) % 100 !== Number(match[2])) {
    throw new Error(`Not a financial year: ${JSON.stringify(financialYear)} (expected e.g. 2024/25)`);
  }
  return { from: `${start}-04-01`, to: `${start + 1}-04-01` };
}

/** Quarter 1–4 of a financial year: `('2024/25', 4)` → `{ from: '2025-01-01', to: '2025-04-01' }` */
export function financialQuarterPeriod(financialYear: string, quarter: 1 | 2 | 3 | 4): Period {
  const { from } = financialYearPeriod(financialYear);
  const start = Number(from.slice(0, 4));
  const months = [
    [start, 4],
    [start, 7],
    [start, 10],
    [start + 1, 1],
    [start + 1, 4],
  ] as const;
  const [fromYear, fromMonth] = months[quarter - 1]!;
  const [toYear, toMonth] = months[quarter]!;
  return { from: isoMonth(fromYear, fromMonth), to: isoMonth(toYear, toMonth) };
}

/** The financial quarters a period touches, in order (`'2024/25 Q1'` ...). */
export function quartersIn(period: Period): string[] {
  const quarters: string[] = [];
  let cursor = period.from.slice(0, 7) + '-01';
  while (cursor < period.to) {
    const quarter = financialQuarterOf(cursor);
    if (quarters[quarters.length - 1] !== quarter) quarters.push(quarter);
    cursor = addMonths(cursor, 1);
  }
  return quarters;
}

/** The financial years a period touches, in order. */
export function financialYearsIn(period: Period): string[] {
  return [...new Set(quartersIn(period).map((quarter) => quarter.slice(0, 7)))];
}

/** The UTC day of an instant (or a date): `'2024-06-30T23:30:00Z'` → `'2024-06-30'`. */
export function dayOf(instant: string): string {
  return instant.slice(0, 10);
}

/** `date` plus `months` calendar months, clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const day = Number(date.slice(8, 10));
  const target = new Date(Date.UTC(year, month, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return target.toISOString().slice(0, 10);
}

/** Whole days from one instant to another (fractions of a day truncated). */
export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

function isoMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}
