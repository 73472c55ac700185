import { describe, expect, it } from '@jest/globals';
import { BANK_HOLIDAY_YEARS } from './bank-holidays.england-and-wales.js';
import { addDays, londonDate, WorkingDayCalendar } from './working-day-calendar.js';

const calendar = new WorkingDayCalendar();

describe('the England and Wales working-day calendar', () => {
  it.each([
    ['2024-04-01', 'Easter Monday 2024'],
    ['2025-04-18', 'Good Friday 2025'],
    ['2025-04-21', 'Easter Monday 2025'],
    ['2023-05-08', 'the coronation bank holiday, 2023'],
    ['2022-06-03', 'the Platinum Jubilee, 2022'],
    ['2026-12-28', 'Boxing Day 2026 on a Saturday, taken on Monday 28th'],
    ['2027-12-27', 'Christmas Day 2027 on a Saturday, taken on Monday 27th'],
    ['2027-12-28', 'Boxing Day 2027 on a Sunday, taken on Tuesday 28th'],
    ['2023-01-02', 'New Year’s Day 2023 on a Sunday, taken on Monday 2nd'],
  ])('%s is not a working day (%s)', (date) => {
    expect(calendar.isBankHoliday(date)).toBe(true);
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it('knows weekends and ordinary weekdays', () => {
    expect(calendar.isWorkingDay('2025-03-08')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-03-09')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2025-03-10')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-12-26')).toBe(false); // Boxing Day itself is a Saturday
    expect(calendar.isBankHoliday('2026-12-26')).toBe(false); // ... and not the day taken off
  });

  it('has eight bank holidays a year, more in years with a one-off holiday, for 2022 to 2027', () => {
    expect(BANK_HOLIDAY_YEARS).toEqual([2022, 2023, 2024, 2025, 2026, 2027]);
    expect(calendar.covers(2027)).toBe(true);
    expect(calendar.covers(2028)).toBe(false);
    for (const year of BANK_HOLIDAY_YEARS) {
      const count = Array.from({ length: 366 }, (_, i) => addDays(`${year}-01-01`, i))
        .filter((date) => date.startsWith(String(year)))
        .filter((date) => calendar.isBankHoliday(date)).length;
      expect({ year, count }).toEqual({ year, count: year === 2022 ? 10 : year === 2023 ? 9 : 8 });
    }
  });

  it('counts the working days after the received date up to today', () => {
    expect(calendar.workingDaysBetween('2025-03-10', '2025-03-10')).toBe(0);
    expect(calendar.workingDaysBetween('2025-03-10', '2025-03-11')).toBe(1);
    expect(calendar.workingDaysBetween('2025-03-07', '2025-03-10')).toBe(1); // Friday to Monday
    expect(calendar.workingDaysBetween('2025-03-10', '2025-03-17')).toBe(5);
    // Easter 2025: Thursday 17 April to Wednesday 23 April skips Good Friday, the weekend, Easter Monday
    expect(calendar.workingDaysBetween('2025-04-17', '2025-04-23')).toBe(2);
    // Christmas 2026: Thursday 24 to Thursday 31 December skips 25th, the weekend and the 28th
    expect(calendar.workingDaysBetween('2026-12-24', '2026-12-31')).toBe(3);
    expect(calendar.workingDaysBetween('2025-03-17', '2025-03-10')).toBe(0);
  });

  it('adds working days', () => {
    expect(calendar.addWorkingDays('2025-03-10', 5)).toBe('2025-03-17');
    expect(calendar.addWorkingDays('2023-05-04', 2)).toBe('2023-05-09'); // over the coronation Monday
    expect(calendar.addWorkingDays('2025-03-10', 0)).toBe('2025-03-10');
  });

  it('gives the cutoff before which a referral has waited more than the allowed working days', () => {
    const allowed = 5;
    for (const today of ['2025-03-17', '2025-04-23', '2026-12-31', '2027-01-02', '2023-05-09']) {
      const cutoff = calendar.overdueCutoff(today, allowed);
      for (let offset = 1; offset < 30; offset += 1) {
        const received = addDays(today, -offset);
        const overdue = calendar.workingDaysBetween(received, today) > allowed;
        expect({ today, received, overdue: received < cutoff }).toEqual({ today, received, overdue });
      }
    }
    expect(calendar.overdueCutoff('2025-03-17', 5)).toBe('2025-03-10');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => calendar.isBankHoliday('2025-02-30x')).toThrow(RangeError);
    expect(() => calendar.workingDaysBetween('2025-1-1', '2025-01-02')).toThrow('Not a calendar date');
  });

  it('takes the date in England and Wales, summer time included', () => {
    expect(londonDate(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01'); // 00:30 BST
    expect(londonDate(new Date('2025-01-31T23:30:00Z'))).toBe('2025-01-31'); // GMT
  });
});
