import { BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.england-and-wales.js';

/** A calendar date, `YYYY-MM-DD`, with no time and no zone. */
export type LocalDate = string;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const LONDON = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in England and Wales at `instant` (a referral received at 00:30 BST is received that day). */
export function londonDate(instant: Date): LocalDate {
  return LONDON.format(instant);
}

/**
 * A **working day** is a weekday that is not a bank holiday in England and Wales. Pure: the
 * holidays are data ({@link ENGLAND_AND_WALES_BANK_HOLIDAYS} by default), and "today" is always
 * passed in.
 */
export class WorkingDayCalendar {
  private readonly holidays: ReadonlySet<LocalDate>;
  private readonly years: ReadonlySet<number>;

  constructor(
    holidays: Readonly<Record<number, readonly LocalDate[]>> = ENGLAND_AND_WALES_BANK_HOLIDAYS,
    years: readonly number[] = BANK_HOLIDAY_YEARS,
  ) {
    this.holidays = new Set(Object.values(holidays).flat());
    this.years = new Set(years);
  }

  /** Whether the list of bank holidays covers `year` (outside it only weekends are known). */
  covers(year: number): boolean {
    return this.years.has(year);
  }

  isBankHoliday(date: LocalDate): boolean {
    return this.holidays.has(checked(date));
  }

  isWorkingDay(date: LocalDate): boolean {
    const weekday = toUtc(date).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(date);
  }

  /**
   * The working days after `from` up to and including `to`: a referral received on a Monday is 1
   * working day old on the Tuesday, 0 on the Monday itself. 0 when `to` is not after `from`.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let day = addDays(from, 1); day <= checked(to); day = addDays(day, 1)) {
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }

  /** The `n`th working day after `date` (n ≥ 0; the 0th is `date` itself). */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    let day = checked(date);
    for (let left = n; left > 0;) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  /**
   * The earliest received date that is *not* past `allowed` working days on `today`: a
   * referral received before it has waited more than `allowed` working days, i.e.
   * `workingDaysBetween(received, today) > allowed` exactly when `received < cutoff`. It lets
   * a query filter overdue rows with one comparison.
   */
  overdueCutoff(today: LocalDate, allowed: number): LocalDate {
    let day = checked(today);
    let counted = this.isWorkingDay(day) ? 1 : 0;
    while (counted < allowed + 1) {
      day = addDays(day, -1);
      if (this.isWorkingDay(day)) counted += 1;
    }
    return day;
  }
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(toUtc(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

function toUtc(date: LocalDate): Date {
  return new Date(`${checked(date)}T00:00:00Z`);
}

function checked(date: LocalDate): LocalDate {
  if (!LOCAL_DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return date;
}
