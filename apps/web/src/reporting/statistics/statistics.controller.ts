import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow, ROLE_REACH } from '@lib/auth';
import { REGIONS } from '@lib/contracts';
import { Backend, BackendProblem } from '../../backend/backend.js';
import { type FormErrors, formErrors, NO_ERRORS, problemErrors } from '../../forms/form.js';
import { londonToday } from '../../views/format.js';
import { Views } from '../../views/views.js';
import type { StatisticsAnswer } from './statistics-answer.js';
import {
  checkFilters,
  CUSTOM_PERIOD,
  filterQueryString,
  filterValues,
  periodOptions,
  REGION_NAMES,
  type StatisticsFilterValues,
} from './statistics-filters.js';
import { periodText, scopeText, sectionOf } from './statistics-view.js';

/** The API's filter names as the page's fields. */
const API_FIELDS: Readonly<Record<string, string>> = {
  financialYear: 'period',
  quarter: 'period',
  period: 'period',
  from: 'from',
  to: 'to',
  region: 'region',
  area: 'area',
  ageBanding: 'ageBanding',
};

/**
 * The statistics of the Prevent board: the stage funnel and the breakdowns of the statistical
 * release for a period, as accessible charts drawn on the server with the figures in tables, small
 * numbers suppressed by compliance-reporting (never here), and the same figures as CSV.
 */
@Controller()
export class StatisticsController {
  constructor(
    @Inject(Backend) private readonly backend: Backend,
    @Inject(Views) private readonly views: Views,
  ) {}

  @Get('statistics')
  @Allow('statistics:read')
  async statistics(@Req() req: Request, @Res() res: Response): Promise<void> {
    const values = filterValues(req.query, londonToday());
    const checked = checkFilters(values);
    if (!checked.ok) return this.render(req, res, values, checked.errors, undefined, 400);
    let answer: StatisticsAnswer;
    try {
      answer = await this.backend.get<StatisticsAnswer>(req, 'reporting', '/statistics', { ...checked.query });
    } catch (error) {
      const refused = refusedFilters(error);
      if (refused) return this.render(req, res, values, refused, undefined, 400);
      throw error;
    }
    this.render(req, res, values, NO_ERRORS, answer, 200);
  }

  /** The same figures as the page, as compliance-reporting writes them in CSV (`c` where suppressed). */
  @Get('statistics.csv')
  @Allow('statistics:read')
  async csv(@Req() req: Request, @Res() res: Response): Promise<void> {
    const values = filterValues(req.query, londonToday());
    const checked = checkFilters(values);
    if (!checked.ok) return this.render(req, res, values, checked.errors, undefined, 400);
    let csv: { body: string; headers: Headers };
    try {
      csv = await this.backend.call<string>(req, 'reporting', '/statistics.csv', {
        query: { ...checked.query },
        text: true,
      });
    } catch (error) {
      const refused = refusedFilters(error);
      if (refused) return this.render(req, res, values, refused, undefined, 400);
      throw error;
    }
    const disposition = csv.headers.get('content-disposition');
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('cache-control', 'no-store')
      .setHeader(
        'content-disposition',
        disposition && /^attachment;/.test(disposition) ? disposition : 'attachment; filename="prevent-statistics.csv"',
      )
      .send(csv.body);
  }

  private render(
    req: Request,
    res: Response,
    values: StatisticsFilterValues,
    errors: FormErrors,
    answer: StatisticsAnswer | undefined,
    status: number,
  ): void {
    const user = req.session.user;
    const everywhere = user?.roles.some((role) => ROLE_REACH[role] === 'everywhere') ?? false;
    const period = answer ? periodText(answer.period) : undefined;
    const query = filterQueryString(values);
    const sections = answer ? answer.tables.map((table) => sectionOf(table, period as string)) : [];
    this.views.render(
      res,
      'reporting/statistics.njk',
      {
        ...errors,
        values,
        customPeriod: values.period === CUSTOM_PERIOD,
        periodItems: periodOptions(londonToday()).map((option) => ({
          ...option,
          selected: option.value === values.period,
        })),
        regionItems: [
          { value: '', text: 'England and Wales (every region)', selected: values.region === '' },
          ...REGIONS.map((code) => ({
            value: code,
            text: REGION_NAMES[code] ?? code,
            selected: values.region === code,
          })),
        ],
        // a local authority area's figures: administrators any area, anyone else their own only (ADR 096)
        showArea: everywhere || user?.area !== undefined,
        areaHint: everywhere
          ? 'Optional. An ONS code, for example E08000025 for Birmingham.'
          : `Optional. Your own area only: ${user?.area ?? ''}.`,
        answer,
        periodText: period,
        scopeText: answer ? scopeText(answer) : undefined,
        sections,
        suppressedTotal: sections.reduce((sum, section) => sum + section.suppressedCells, 0),
        csvHref: `/statistics.csv?${query}`,
      },
      status,
    );
  }
}

/** A service's refusal of the filters as form errors; anything else is not about the form. */
function refusedFilters(error: unknown): FormErrors | undefined {
  if (!(error instanceof BackendProblem)) return undefined;
  if (error.status === 403 && error.type === 'statistics.area-outside-reach') {
    return formErrors([{ field: 'area', message: 'You can see the figures of your own local authority area only' }]);
  }
  if (error.status === 400) return problemErrors(error, API_FIELDS, { from: 'from-day', to: 'to-day' });
  return undefined;
}
