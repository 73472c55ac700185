import { describe, expect, it } from '@jest/globals';
import { checkFilters, filterValues, financialYearOf, periodOptions, quarterOf } from './statistics-filters.js';

describe('the statistics filters', () => {
  it('names financial years and quarters as the API does', () => {
    expect(financialYearOf('2026-11-21')).toBe('2026-27');
    expect(financialYearOf('2027-03-31')).toBe('2026-27');
    expect(financialYearOf('2027-04-01')).toBe('2027-28');
    expect(quarterOf('2026-11-21')).toBe('2026-Q3');
    expect(quarterOf('2027-02-01')).toBe('2026-Q4');
    expect(
      periodOptions('2026-11-21')
        .slice(0, 2)
        .map((option) => option.value),
    ).toEqual(['2026-27', '2025-26']);
  });

  it('asks the API for the current financial year when no period is chosen', () => {
    expect(checkFilters(filterValues({}, '2026-11-21'))).toEqual({ ok: true, query: { financialYear: '2026-27' } });
  });

  it('sends a period of one’s own with the day after its last day (the API’s `to` is exclusive)', () => {
    const values = filterValues(
      {
        period: 'custom',
        'from-day': '1',
        'from-month': '4',
        'from-year': '2026',
        'to-day': '31',
        'to-month': '12',
        'to-year': '2026',
        region: 'E12000005',
        area: 'e08000025',
      },
      '2026-11-21',
    );
    expect(checkFilters(values)).toEqual({
      ok: true,
      query: { from: '2026-04-01', to: '2027-01-01', region: 'E12000005', area: 'E08000025' },
    });
  });

  it('refuses what is not a period, a region or an area', () => {
    const checked = checkFilters(
      filterValues({ period: '2026-28', region: 'X', area: 'Birmingham', ageBanding: 'young' }, '2026-11-21'),
    );
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.errors.errorList.map((error) => error.text)).toEqual([
        'Choose a period from the list',
        'Choose a region from the list',
        'Enter the area as an ONS code, like E08000025',
        'Choose an age banding',
      ]);
  });
});
