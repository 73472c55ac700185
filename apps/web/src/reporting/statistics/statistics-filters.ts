import { REGIONS } from '@lib/contracts';
import { type FormErrors, formErrors, isoDate } from '../../forms/form.js';

/** The regions of England and Wales (ONS GSS codes), as the statistical release names them. */
export const REGION_NAMES: Readonly<Record<string, string>> = {
  E12000001: 'North East',
  E12000002: 'North West',
  E12000003: 'Yorkshire and The Humber',
  E12000004: 'East Midlands',
  E12000005: 'West Midlands',
  E12000006: 'East of England',
  E12000007: 'London',
  E12000008: 'South East',
  E12000009: 'South West',
  W92000004: 'Wales',
};

const FINANCIAL_YEAR = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const AREA = /^[EW]\d{8}$/;
export const CUSTOM_PERIOD = 'custom';

/** The filters of the statistics page as typed (a GET form: every value a string, kept when refused). */
export interface StatisticsFilterValues {
  readonly period: string;
  readonly fromDay: string;
  readonly fromMonth: string;
  readonly fromYear: string;
  readonly toDay: string;
  readonly toMonth: string;
  readonly toYear: string;
  readonly region: string;
  readonly area: string;
  readonly ageBanding: string;
}

/** The query compliance-reporting takes: one period (financial year, quarter, or from/to) and filters. */
export interface StatisticsApiQuery {
  financialYear?: string;
  quarter?: string;
  from?: string;
  to?: string;
  region?: string;
  area?: string;
  ageBanding?: string;
}

/** The financial year (April to March) a day falls in: `2026-27`. */
export function financialYearOf(isoDay: string): string {
  const year = Number(isoDay.slice(0, 4));
  const start = Number(isoDay.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The quarter of its financial year a day falls in, named as the API names it: `2026-Q3`. */
export function quarterOf(isoDay: string): string {
  const month = Number(isoDay.slice(5, 7));
  const start = Number(financialYearOf(isoDay).slice(0, 4));
  return `${start}-Q${month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4}`;
}

/** The periods offered: the current and four earlier financial years, and the quarters of the last two. */
export function periodOptions(today: string): { value: string; text: string }[] {
  const current = Number(financialYearOf(today).slice(0, 4));
  const years = [0, 1, 2, 3, 4].map((back) => current - back);
  const yearName = (start: number) => `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
  const quarterNames = ['April to June', 'July to September', 'October to December', 'January to March'];
  const options = years.map((start) => ({
    value: yearName(start),
    text: `Financial year ${start} to ${start + 1} (April ${start} to March ${start + 1})`,
  }));
  for (const start of years.slice(0, 2)) {
    for (let quarter = 1; quarter <= 4; quarter++) {
      const calendarYear = quarter === 4 ? start + 1 : start;
      options.push({
        value: `${start}-Q${quarter}`,
        text: `Quarter ${quarter} of ${start} to ${start + 1} (${quarterNames[quarter - 1]} ${calendarYear})`,
      });
    }
  }
  options.push({ value: CUSTOM_PERIOD, text: 'Dates of your choice (enter them below)' });
  return options;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The values of the filter form from the query string; the current financial year when none is chosen. */
export function filterValues(query: Record<string, unknown>, today: string): StatisticsFilterValues {
  return {
    period: text(query.period) || financialYearOf(today),
    fromDay: text(query['from-day']),
    fromMonth: text(query['from-month']),
    fromYear: text(query['from-year']),
    toDay: text(query['to-day']),
    toMonth: text(query['to-month']),
    toYear: text(query['to-year']),
    region: text(query.region),
    area: text(query.area).toUpperCase(),
    ageBanding: text(query.ageBanding) || 'current',
  };
}

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Checks the filters and turns them into the API's query. A period of one's own is typed as the
 * first and the last day (inclusive); the API takes the day after the last (`to` is exclusive).
 */
export function checkFilters(
  values: StatisticsFilterValues,
): { ok: true; query: StatisticsApiQuery } | { ok: false; errors: FormErrors } {
  const failures: { field: string; message: string }[] = [];
  const query: StatisticsApiQuery = {};
  if (values.period === CUSTOM_PERIOD) {
    const from = isoDate(values.fromDay, values.fromMonth, values.fromYear);
    const to = isoDate(values.toDay, values.toMonth, values.toYear);
    if (!from) failures.push({ field: 'from', message: 'The first day must be a real date, for example 1 4 2025' });
    if (!to) failures.push({ field: 'to', message: 'The last day must be a real date, for example 31 3 2026' });
    if (from && to && to < from)
      failures.push({ field: 'to', message: 'The last day must be on or after the first day' });
    if (from && to && to >= from) {
      query.from = from;
      query.to = nextDay(to);
    }
  } else if (FINANCIAL_YEAR.test(values.period)) {
    const [, start, end] = FINANCIAL_YEAR.exec(values.period)!;
    if ((Number(start) + 1) % 100 !== Number(end))
      failures.push({ field: 'period', message: 'Choose a period from the list' });
    else query.financialYear = values.period;
  } else if (QUARTER.test(values.period)) {
    query.quarter = values.period;
  } else {
    failures.push({ field: 'period', message: 'Choose a period from the list' });
  }
  if (values.region && !(REGIONS as readonly string[]).includes(values.region))
    failures.push({ field: 'region', message: 'Choose a region from the list' });
  else if (values.region) query.region = values.region;
  if (values.area && !AREA.test(values.area))
    failures.push({ field: 'area', message: 'Enter the area as an ONS code, like E08000025' });
  else if (values.area) query.area = values.area;
  if (!['current', 'older'].includes(values.ageBanding))
    failures.push({ field: 'ageBanding', message: 'Choose an age banding' });
  else if (values.ageBanding !== 'current') query.ageBanding = values.ageBanding;
  if (failures.length > 0) return { ok: false, errors: formErrors(failures, { from: 'from-day', to: 'to-day' }) };
  return { ok: true, query };
}

/** The filters as a query string for links (the CSV download, the same page). */
export function filterQueryString(values: StatisticsFilterValues): string {
  const params = new URLSearchParams();
  params.set('period', values.period);
  if (values.period === CUSTOM_PERIOD) {
    params.set('from-day', values.fromDay);
    params.set('from-month', values.fromMonth);
    params.set('from-year', values.fromYear);
    params.set('to-day', values.toDay);
    params.set('to-month', values.toMonth);
    params.set('to-year', values.toYear);
  }
  if (values.region) params.set('region', values.region);
  if (values.area) params.set('area', values.area);
  if (values.ageBanding && values.ageBanding !== 'current') params.set('ageBanding', values.ageBanding);
  return params.toString();
}
