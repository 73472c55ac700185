import { Controller, Get, Query, Req, ValidationPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog, correlationIdOf } from '@lib/audit';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { ListCasesQuery, type CaseListPage } from './list-cases.query.js';
import { ListCasesRequest } from './list-cases.request.dto.js';

const queryPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** The filters of a list request as one audit record id (`status=adopted&overdueReview=true`, or `all`). */
export function describeFilters(filters: object): string {
  return (
    Object.entries(filters)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}=${String(value)}`)
      .join('&') || 'all'
  );
}

@ApiTags('cases')
@Controller('cases')
export class ListCasesController {
  constructor(
    private readonly cases: ListCasesQuery,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The panel's case list. It shows no name or free text, only codes, dates, ids and alerts, so a
   * page is audited once (record `case-list`, the filters as its id), as the intake's queue (ADR 041).
   */
  @Get()
  @Allow('case:read')
  @ApiOperation({ summary: 'The case list: filters, alerts, oldest first, a page at a time with the total' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
    @Query(queryPipe) filters: ListCasesRequest,
  ): Promise<CaseListPage> {
    const page = await this.cases.list(principal, filters);
    await this.audit.recordRead(
      principal,
      'case:read',
      { type: 'case-list', id: describeFilters(filters) },
      undefined,
      correlationIdOf(request),
    );
    return page;
  }
}
