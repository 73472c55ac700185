import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '@lib/auth';
import { REGIONS } from '@lib/contracts';
import { may } from '../../auth/web-access.js';
import { Backend } from '../../backend/backend.js';
import { type FormErrors, formErrors, NO_ERRORS } from '../../forms/form.js';
import { Views } from '../../views/views.js';
import { REGION_NAMES } from '../statistics/statistics-filters.js';
import type { AuthorityDashboard, AuthorityRecord } from './compliance-api.js';
import {
  AUTHORITY_TYPES,
  labelOf,
  NOT_ASSESSED_TAG,
  RAG_NAMES,
  RAG_TAG_CLASSES,
  STAFF_GROUPS,
  STATUS_TAGS,
} from './compliance-codes.js';
import { authorityId, coverage, historyOf } from './compliance-view.js';

const PAGE_SIZE = 25;
const GSS = /^[EW]\d{8}$/;

interface DashboardFilters {
  readonly type: string;
  readonly area: string;
  readonly region: string;
  readonly rag: string;
  readonly overdue: string;
  readonly page: number;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * The compliance dashboard of the Prevent board: every specified authority with its
 * red-amber-green status and key facts, filtered as the API allows, and the drill-down into one
 * authority (the evidence of each area it is judged on, its training and assurance statements,
 * and the history of every assessment).
 */
@Controller('compliance')
export class ComplianceDashboardController {
  constructor(
    @Inject(Backend) private readonly backend: Backend,
    @Inject(Views) private readonly views: Views,
  ) {}

  @Get()
  @Allow('compliance:read')
  async dashboard(@Req() req: Request, @Res() res: Response): Promise<void> {
    const filters: DashboardFilters = {
      type: text(req.query.type),
      area: text(req.query.area).toUpperCase(),
      region: text(req.query.region),
      rag: text(req.query.rag),
      overdue: text(req.query.overdue),
      page: Math.max(1, Math.min(10_000, Number.parseInt(text(req.query.page), 10) || 1)),
    };
    const errors = checkFilters(filters);
    let dashboard: AuthorityDashboard | undefined;
    if (errors.errorList.length === 0) {
      dashboard = await this.backend.get<AuthorityDashboard>(req, 'reporting', '/compliance/authorities', {
        type: filters.type || undefined,
        area: filters.area || undefined,
        region: filters.region || undefined,
        rag: filters.rag || undefined,
        overdue: filters.overdue || undefined,
        limit: PAGE_SIZE,
        offset: (filters.page - 1) * PAGE_SIZE,
      });
    }
    const query = (page: number) => {
      const params = new URLSearchParams();
      for (const name of ['type', 'area', 'region', 'rag', 'overdue'] as const)
        if (filters[name]) params.set(name, filters[name]);
      if (page > 1) params.set('page', String(page));
      const string = params.toString();
      return `/compliance${string ? `?${string}` : ''}`;
    };
    const pages = dashboard ? Math.max(1, Math.ceil(dashboard.total / PAGE_SIZE)) : 1;
    this.views.render(
      res,
      'reporting/compliance.njk',
      {
        ...errors,
        filters,
        typeItems: [
          { value: '', text: 'Any type' },
          ...AUTHORITY_TYPES.map((type) => ({ ...type, selected: filters.type === type.value })),
        ],
        regionItems: [
          { value: '', text: 'Any region' },
          ...REGIONS.map((code) => ({
            value: code,
            text: REGION_NAMES[code] ?? code,
            selected: filters.region === code,
          })),
        ],
        ragItems: [
          { value: '', text: 'Any status' },
          ...(['red', 'amber', 'green'] as const).map((rag) => ({
            value: rag,
            text: RAG_NAMES[rag],
            selected: filters.rag === rag,
          })),
        ],
        overdueItems: [
          { value: '', text: 'With or without' },
          { value: 'true', text: 'Only with an overdue review', selected: filters.overdue === 'true' },
          { value: 'false', text: 'Only without an overdue review', selected: filters.overdue === 'false' },
        ],
        dashboard,
        rows: (dashboard?.items ?? []).map((item) => ({
          ...item,
          typeText: labelOf(AUTHORITY_TYPES, item.type),
          ragText: RAG_NAMES[item.rag],
          ragClasses: RAG_TAG_CLASSES[item.rag],
          judgedOn: item.statuses.met + item.statuses.partlyMet + item.statuses.notMet + item.statuses.notAssessed,
          trainingText: item.training.groups.length
            ? `${item.training.trained} of ${item.training.inPost} (${coverage(item.training.trained, item.training.inPost)})`
            : 'None recorded',
        })),
        pagination:
          dashboard && pages > 1
            ? {
                ...(filters.page > 1 ? { previous: { href: query(filters.page - 1) } } : {}),
                ...(filters.page < pages ? { next: { href: query(filters.page + 1) } } : {}),
                items: Array.from({ length: pages }, (_, index) => ({
                  number: index + 1,
                  href: query(index + 1),
                  current: index + 1 === filters.page,
                })),
              }
            : undefined,
        mayRecord: may(req.session.user, 'compliance:record'),
      },
      errors.errorList.length ? 400 : 200,
    );
  }

  @Get(':id')
  @Allow('compliance:read')
  async authority(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const record = await this.backend.get<AuthorityRecord>(
      req,
      'reporting',
      `/compliance/authorities/${authorityId(id)}`,
    );
    this.views.render(res, 'reporting/compliance-authority.njk', {
      record,
      typeText: labelOf(AUTHORITY_TYPES, record.type),
      regionText: REGION_NAMES[record.region] ?? record.region,
      ragText: RAG_NAMES[record.rag],
      ragClasses: RAG_TAG_CLASSES[record.rag],
      benchmarks: record.benchmarks.map((benchmark) => ({
        ...benchmark,
        tag: benchmark.status ? STATUS_TAGS[benchmark.status] : NOT_ASSESSED_TAG,
      })),
      training: record.training.map((group) => ({
        ...group,
        groupText: labelOf(STAFF_GROUPS, group.staffGroup),
        coverageText: coverage(group.trained, group.inPost),
      })),
      history: historyOf(record),
      isLocalAuthority: record.assuranceStatements !== null,
      mayRecord: may(req.session.user, 'compliance:record'),
    });
  }
}

function checkFilters(filters: DashboardFilters): FormErrors {
  const failures: { field: string; message: string }[] = [];
  if (filters.type && !AUTHORITY_TYPES.some((type) => type.value === filters.type))
    failures.push({ field: 'type', message: 'Choose a type from the list' });
  if (filters.area && !GSS.test(filters.area))
    failures.push({ field: 'area', message: 'Enter the area as an ONS code, like E08000025' });
  if (filters.region && !(REGIONS as readonly string[]).includes(filters.region))
    failures.push({ field: 'region', message: 'Choose a region from the list' });
  if (filters.rag && !['red', 'amber', 'green'].includes(filters.rag))
    failures.push({ field: 'rag', message: 'Choose a status from the list' });
  if (filters.overdue && !['true', 'false'].includes(filters.overdue))
    failures.push({ field: 'overdue', message: 'Choose from the list' });
  return failures.length ? formErrors(failures) : NO_ERRORS;
}
