import type { FieldError } from '@lib/platform';

/** A period of referrals: received from `from` (inclusive) to `to` (exclusive), ISO dates. */
export interface RequestedPeriod {
  readonly from: string;
  readonly to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isRealDate = (iso: string) => {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
};

/**
 * The one period a request names: `financialYear=2024-25` (1 April 2024 to 31 March 2025),
 * `quarter=2024-Q3` (the third quarter of the financial year that starts in 2024: October to
 * December 2024), or `from` and `to`. Anything else is a list of field errors (a 400).
 */
export function requestedPeriod(request: {
  readonly financialYear?: string;
  readonly quarter?: string;
  readonly from?: string;
  readonly to?: string;
}): RequestedPeriod | FieldError[] {
  const named = [request.financialYear, request.quarter, request.from ?? request.to].filter((v) => v !== undefined);
  if (named.length !== 1) {
    return [
      {
        field: 'period',
        messages: ['name exactly one period: financialYear, quarter, or from and to'],
      },
    ];
  }
  if (request.financialYear !== undefined) {
    const start = Number(request.financialYear.slice(0, 4));
    if ((start + 1) % 100 !== Number(request.financialYear.slice(5, 7))) {
      return [{ field: 'financialYear', messages: ['financialYear must be two consecutive years, e.g. 2024-25'] }];
    }
    return { from: `${start}-04-01`, to: `${start + 1}-04-01` };
  }
  if (request.quarter !== undefined) {
    const start = Number(request.quarter.slice(0, 4));
    const quarter = Number(request.quarter.slice(6));
    const month = (index: number) => {
      const m = 4 + 3 * (index - 1);
      return m > 12 ? `${start + 1}-${pad(m - 12)}-01` : `${start}-${pad(m)}-01`;
    };
    return { from: month(quarter), to: month(quarter + 1) };
  }
  const errors: FieldError[] = [];
  if (request.from === undefined || !isRealDate(request.from)) {
    errors.push({ field: 'from', messages: ['from must be a real ISO date, with to'] });
  }
  if (request.to === undefined || !isRealDate(request.to)) {
    errors.push({ field: 'to', messages: ['to must be a real ISO date, with from'] });
  }
  if (errors.length > 0) return errors;
  if ((request.from as string) >= (request.to as string)) {
    return [{ field: 'to', messages: ['to must be after from (it is the day after the period)'] }];
  }
  return { from: request.from as string, to: request.to as string };
}
