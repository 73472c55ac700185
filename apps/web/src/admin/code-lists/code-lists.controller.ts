import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '@lib/auth';
import { Backend, type Service } from '../../backend/backend.js';
import { humanise } from '../../views/format.js';
import { Views } from '../../views/views.js';
import { financialYearOf } from '../../reporting/statistics/statistics-filters.js';
import { londonToday } from '../../views/format.js';
import type { StatisticsAnswer } from '../../reporting/statistics/statistics-answer.js';

/** One code list as the services' `GET /reference-data/code-lists` answers it. */
interface CodeList {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly kind: 'closed' | 'versioned';
  readonly version?: string;
  readonly codes: readonly string[];
}

/** A gateway assessment template as referral intake answers it. */
interface AssessmentTemplate {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly description: string;
  readonly current: boolean;
  readonly dimensions: readonly {
    readonly code: string;
    readonly title: string;
    readonly guidance: string;
    readonly ratings: readonly { readonly code: string; readonly label: string }[];
  }[];
}

interface Section {
  readonly id: string;
  readonly heading: string;
  readonly lists?: readonly (CodeList & { readonly rows: { code: string; label: string }[] })[];
  /** Set when the service could not be asked: the page says so instead of failing. */
  readonly unavailable?: boolean;
}

/**
 * The code lists and gateway assessment templates the services use, read-only (administrators):
 * from referral intake and the Channel panel (`GET /reference-data/...`) and the type-of-concern
 * categories as compliance-reporting's statistics use them. They change with a release of a
 * service; there is no editing yet.
 */
@Controller('admin/code-lists')
export class CodeListsController {
  constructor(
    @Inject(Backend) private readonly backend: Backend,
    @Inject(Views) private readonly views: Views,
  ) {}

  @Get()
  @Allow('users:manage')
  async codeLists(@Req() req: Request, @Res() res: Response): Promise<void> {
    const [intake, panel, templates, concern] = await Promise.allSettled([
      this.lists(req, 'intake'),
      this.lists(req, 'panel'),
      this.backend.get<{ items: AssessmentTemplate[] }>(req, 'intake', '/reference-data/assessment-templates'),
      this.backend.get<StatisticsAnswer>(req, 'reporting', '/statistics', {
        financialYear: financialYearOf(londonToday()),
        table: 'concern-type',
      }),
    ]);
    const section = (id: string, heading: string, lists: PromiseSettledResult<CodeList[]>): Section =>
      lists.status === 'fulfilled'
        ? {
            id,
            heading,
            lists: lists.value.map((list) => ({
              ...list,
              rows: list.codes.map((code) => ({ code, label: humanise(code) })),
            })),
          }
        : { id, heading, unavailable: true };
    const concernTable =
      concern.status === 'fulfilled' ? concern.value.tables.find((table) => table.id === 'concern-type') : undefined;
    this.views.render(res, 'admin/code-lists.njk', {
      sections: [
        section('referral-intake', 'Referral intake', intake),
        section('channel-panel', 'Channel panel', panel),
      ],
      templates: templates.status === 'fulfilled' ? templates.value.items : undefined,
      concernTypes: concernTable?.rows
        .filter((row) => row.key !== 'not-known')
        .map((row) => ({ code: row.key, label: row.label })),
    });
  }

  private async lists(req: Request, service: Service): Promise<CodeList[]> {
    return (await this.backend.get<{ items: CodeList[] }>(req, service, '/reference-data/code-lists')).items;
  }
}
