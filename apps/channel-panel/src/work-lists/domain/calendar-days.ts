/** A calendar date, `YYYY-MM-DD`, with no time and no zone. */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const LONDON = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in England and Wales at `instant`: a session at 00:30 BST on 2 June happened on 2 June. */
export function londonDate(instant: Date): LocalDate {
  return LONDON.format(instant);
}

function parse(date: LocalDate): { year: number; month: number; day: number } {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new Error(`Not a calendar date: ${JSON.stringify(date)}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function format(utc: Date): LocalDate {
  return utc.toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days (negative to go back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parse(date);
  return format(new Date(Date.UTC(year, month - 1, day) + days * DAY_MS));
}

/**
 * `date` plus `months` calendar months, held to the end of a shorter month: an exit on 31 August
 * has its 6-month review on 28 February (29 in a leap year).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parse(date);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, lastDay))));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = parse(from);
  const b = parse(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

/** The latest of the dates given (nulls ignored); null when there is none. */
export function latest(...dates: (LocalDate | null | undefined)[]): LocalDate | null {
  let found: LocalDate | null = null;
  for (const date of dates) if (date && (found === null || date > found)) found = date;
  return found;
}
