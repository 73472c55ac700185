import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '@lib/auth';
import { may } from '../auth/web-access.js';
import { Backend } from '../backend/backend.js';
import { checkForm, type FormErrors, NO_ERRORS } from '../forms/form.js';
import { Views } from '../views/views.js';
import * as codes from './case-codes.js';
import { CONCERN_TYPE_LIST, LIST_STATUSES, statusTag, words } from './case-codes.js';
import { datePartsOf } from './case-form-pages.js';
import { OpenCaseForm, withDates } from './case-forms.js';
import { CasePanel, refusalErrors } from './case-panel.js';
import type { CaseSummary, MeetingSummary, Page } from './case-view.js';
import { isProviderView } from './case-people.js';
import { seeOther } from '../views/see-other.js';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The work lists (`GET /work-lists/*` of channel-panel) and who has a use for each. */
const WORK_LISTS = {
  'next-meeting': { title: 'Next panel meeting', api: '/work-lists/next-meeting', states: false, panelOnly: true },
  reviews: { title: 'Reviews due or overdue', api: '/work-lists/reviews', states: true, panelOnly: true },
  'stalled-interventions': {
    title: 'Stalled interventions',
    api: '/work-lists/stalled-interventions',
    states: false,
    panelOnly: false,
  },
  'post-exit-reviews': {
    title: 'Post-exit reviews due or overdue',
    api: '/work-lists/post-exit-reviews',
    states: true,
    panelOnly: true,
  },
} as const;
type WorkListName = keyof typeof WORK_LISTS;

/** A query parameter as one string ('' when absent or repeated). */
function one(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function pageNumber(value: unknown): number {
  const page = Number(one(value));
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}

/** GOV.UK pagination for a page of `total` items. */
export function pagination(
  total: number,
  page: number,
  href: (page: number) => string,
  size = PAGE_SIZE,
): Record<string, unknown> | undefined {
  const pages = Math.ceil(total / size);
  if (pages <= 1) return undefined;
  const numbers = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages);
  const items: Record<string, unknown>[] = [];
  numbers.forEach((number, index) => {
    if (index > 0 && number - numbers[index - 1] > 1) items.push({ ellipsis: true });
    items.push({ number, href: href(number), current: number === page });
  });
  return {
    items,
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    landmarkLabel: 'Pages of results',
  };
}

/**
 * The Channel case list with its filters and pages, the work lists, and opening a case by the
 * local authority. An intervention provider's list is narrowed by the API to the cases whose
 * interventions they deliver, and they get only the work list they can act on.
 */
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(CasePanel) private readonly panel: CasePanel,
    @Inject(Backend) private readonly backend: Backend,
    @Inject(Views) private readonly views: Views,
  ) {}

  @Get()
  @Allow('case:read')
  async list(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const provider = isProviderView(req.session.user);
    const filters = {
      status: LIST_STATUSES.some((s) => s.value === query.status) ? one(query.status) : '',
      meeting: UUID.test(one(query.meeting)) ? one(query.meeting) : '',
      overdueReview: one(query.overdueReview) === 'true' ? 'true' : '',
      stalledIntervention: one(query.stalledIntervention) === 'true' ? 'true' : '',
    };
    const page = pageNumber(query.page);
    const [found, meetings] = await Promise.all([
      this.panel.list(req, {
        ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '')),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
      provider ? Promise.resolve([] as MeetingSummary[]) : this.panel.meetings(req),
    ]);
    const search = (extra: Record<string, string>) => {
      const params = new URLSearchParams(
        Object.entries({ ...filters, ...extra }).filter(([, value]) => value !== '') as [string, string][],
      );
      const text = params.toString();
      return text ? `/cases?${text}` : '/cases';
    };
    const applied = [
      ...(filters.status ? [{ text: `Status: ${statusTag(filters.status).text}`, href: search({ status: '' }) }] : []),
      ...(filters.meeting ? [{ text: `Listed for a meeting`, href: search({ meeting: '' }) }] : []),
      ...(filters.overdueReview ? [{ text: 'Review overdue', href: search({ overdueReview: '' }) }] : []),
      ...(filters.stalledIntervention
        ? [{ text: 'Stalled intervention', href: search({ stalledIntervention: '' }) }]
        : []),
    ];
    this.views.render(res, 'cases/list.njk', {
      provider,
      page,
      filters,
      applied,
      rows: found.items.map((item) => this.row(item)),
      total: found.total,
      from: found.total === 0 ? 0 : found.offset + 1,
      to: found.offset + found.items.length,
      pagination: pagination(found.total, page, (n) => search({ page: String(n) })),
      statuses: LIST_STATUSES,
      meetings: meetings.filter((meeting) => meeting.status === 'scheduled'),
      tabs: this.tabs(req, 'all'),
      words,
      mayOpen: may(req.session.user, 'case:manage'),
    });
  }

  @Get('work-lists/:list')
  @Allow('case:read')
  async workList(
    @Param('list') name: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query() query: Record<string, unknown>,
  ) {
    if (!(name in WORK_LISTS)) throw new NotFoundException();
    const list = WORK_LISTS[name as WorkListName];
    if (list.panelOnly && isProviderView(req.session.user)) throw new NotFoundException();
    const state = list.states && ['due', 'overdue'].includes(one(query.state)) ? one(query.state) : '';
    const page = pageNumber(query.page);
    const answer = await this.backend.get<Page<Record<string, unknown>> & { meeting?: unknown }>(
      req,
      'panel',
      list.api,
      {
        ...(state ? { state } : {}),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      },
    );
    const href = (n: number) => {
      const params = new URLSearchParams({ ...(state ? { state } : {}), ...(n > 1 ? { page: String(n) } : {}) });
      const text = params.toString();
      return `/cases/work-lists/${name}${text ? `?${text}` : ''}`;
    };
    this.views.render(res, 'cases/work-list.njk', {
      name,
      title: list.title,
      states: list.states,
      state,
      meeting: answer.meeting ?? null,
      items:
        name === 'next-meeting'
          ? answer.items.map((item) => ({ ...item, case: this.row(item.case as CaseSummary) }))
          : answer.items,
      total: answer.total,
      from: answer.total === 0 ? 0 : answer.offset + 1,
      to: answer.offset + answer.items.length,
      pagination: pagination(answer.total, page, href),
      tabs: this.tabs(req, name),
      words,
    });
  }

  @Get('new')
  @Allow('case:manage')
  showOpen(@Req() req: Request, @Res() res: Response) {
    this.renderOpen(req, res, { idempotencyKey: randomUUID() }, NO_ERRORS, 200);
  }

  @Post('new')
  @Allow('case:manage')
  async open(@Req() req: Request, @Res() res: Response) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const checked = await checkForm(OpenCaseForm, withDates(body, 'dateOfBirth'), { dateOfBirth: 'dateOfBirth-day' });
    if (!checked.ok) return this.renderOpen(req, res, body, checked.errors, 400);
    const form = checked.value;
    const lines = [form.addressLine1, form.addressLine2, form.townOrCity].filter(Boolean);
    let caseId: string;
    try {
      const answer = await this.panel.post<{ id: string }>(
        req,
        '/cases',
        {
          name: { givenNames: form.givenNames, familyName: form.familyName },
          dateOfBirth: form.dateOfBirth,
          ...(lines.length > 0 || form.postcode
            ? { address: { lines, ...(form.postcode ? { postcode: form.postcode.toUpperCase() } : {}) } }
            : {}),
          gender: form.gender,
          area: req.session.user?.area ?? '',
          region: form.region,
          sector: form.sector,
          concernTypes: { codeList: CONCERN_TYPE_LIST, codes: form.concernTypes },
          concern: form.concern,
        },
        { idempotencyKey: form.idempotencyKey },
      );
      caseId = answer.body.id;
    } catch (error) {
      const errors = refusalErrors(
        error,
        {
          'name.givenNames': 'givenNames',
          'name.familyName': 'familyName',
          'address.lines': 'addressLine1',
          'address.postcode': 'postcode',
          'concernTypes.codes': 'concernTypes',
          area: 'form',
        },
        { dateOfBirth: 'dateOfBirth-day' },
      );
      return this.renderOpen(req, res, body, errors, 400);
    }
    await seeOther(req, res, `/cases/${caseId}`, { heading: `Case opened for ${form.givenNames} ${form.familyName}` });
  }

  private renderOpen(req: Request, res: Response, values: Record<string, unknown>, errors: FormErrors, status: number) {
    const concernTypes = values.concernTypes;
    this.views.render(
      res,
      'cases/open.njk',
      {
        values: {
          ...values,
          concernTypes: Array.isArray(concernTypes) ? concernTypes : concernTypes ? [concernTypes] : [],
        },
        dates: { dateOfBirth: datePartsOf(values, 'dateOfBirth') },
        area: words.area(req.session.user?.area),
        codes,
        choiceItems: codes.choiceItems,
        selectItems: codes.selectItems,
        errors: errors.errors,
        errorList: errors.errorList,
      },
      status,
    );
  }

  /** The list's row: the case's codes, dates and alerts (the list holds no name). */
  private row(item: CaseSummary) {
    return {
      ...item,
      tag: statusTag(item.status),
      concernTypes: (item.concernTypes ?? []).map((code) => words.concernType(code)),
      nextReview: item.review?.dueAt?.on ?? null,
    };
  }

  /** The sub-navigation: the list and the work lists the user can use. */
  private tabs(req: Request, current: string) {
    const provider = isProviderView(req.session.user);
    return [
      { href: '/cases', text: provider ? 'My cases' : 'All cases', active: current === 'all' },
      ...(Object.entries(WORK_LISTS) as [WorkListName, (typeof WORK_LISTS)[WorkListName]][])
        .filter(([, list]) => !(provider && list.panelOnly))
        .map(([name, list]) => ({ href: `/cases/work-lists/${name}`, text: list.title, active: current === name })),
    ];
  }
}
