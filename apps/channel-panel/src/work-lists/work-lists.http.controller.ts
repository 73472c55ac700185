import { Controller, Get, Query, Req, ValidationPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog, correlationIdOf } from '@lib/audit';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { describeFilters } from '../channel-cases/read-models/case-list/list-cases.http.controller.js';
import { DueStateRequest, NextMeetingRequest, WorkListPageRequest } from './work-lists.request.dto.js';
import {
  WorkListsQuery,
  type NextMeetingWorkList,
  type PostExitReviewWorkItem,
  type ReviewWorkItem,
  type StalledInterventionWorkItem,
  type WorkList,
} from './work-lists.query.js';

const queryPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
type Request = { headers: Record<string, string | string[] | undefined> };

/**
 * The panel's work lists. Each shows case ids, codes and dates, no name: a read is audited once
 * (record `work-list`, the list and its filters as its id), as the case list. Each is paged as the
 * case list: `limit` (1 to 100, 25 unless told) and `offset`, answered with the `total`.
 */
@ApiTags('work-lists')
@Controller('work-lists')
export class WorkListsController {
  constructor(
    private readonly workLists: WorkListsQuery,
    private readonly audit: AuditLog,
  ) {}

  @Get('next-meeting')
  @Allow('case:read')
  @ApiOperation({
    summary: 'The cases listed for the next meeting of your area, and what is due for each, a page at a time',
  })
  async nextMeeting(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Query(queryPipe) filters: NextMeetingRequest,
  ): Promise<NextMeetingWorkList> {
    const list = await this.workLists.nextMeeting(principal, filters);
    await this.audited(principal, request, 'next-meeting', filters);
    return list;
  }

  @Get('reviews')
  @Allow('case:read')
  @ApiOperation({
    summary: 'Reviews of adopted cases overdue (a meeting passed without one) or due at the next meeting',
  })
  async reviews(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Query(queryPipe) filters: DueStateRequest,
  ): Promise<WorkList<ReviewWorkItem>> {
    const list = await this.workLists.reviews(principal, filters);
    await this.audited(principal, request, 'reviews', filters);
    return list;
  }

  @Get('post-exit-reviews')
  @Allow('case:read')
  @ApiOperation({ summary: 'Post-exit reviews (6 and 12 months after exit) due within the window or overdue' })
  async postExitReviews(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Query(queryPipe) filters: DueStateRequest,
  ): Promise<WorkList<PostExitReviewWorkItem>> {
    const list = await this.workLists.postExitReviews(principal, filters);
    await this.audited(principal, request, 'post-exit-reviews', filters);
    return list;
  }

  @Get('stalled-interventions')
  @Allow('case:read')
  @ApiOperation({ summary: 'Planned or active interventions with no session or update for the configured days' })
  async stalledInterventions(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Query(queryPipe) page: WorkListPageRequest,
  ): Promise<WorkList<StalledInterventionWorkItem>> {
    const list = await this.workLists.stalledInterventions(principal, page);
    await this.audited(principal, request, 'stalled-interventions', page);
    return list;
  }

  private audited(principal: Principal, request: Request, list: string, filters: object): Promise<void> {
    const described = describeFilters(filters);
    return this.audit.recordRead(
      principal,
      'case:read',
      { type: 'work-list', id: described === 'all' ? list : `${list}?${described}` },
      undefined,
      correlationIdOf(request),
    );
  }
}
