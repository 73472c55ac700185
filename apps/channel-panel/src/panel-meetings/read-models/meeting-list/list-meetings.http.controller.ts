import { Controller, Get, Param, Query, Req, ValidationPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog, correlationIdOf } from '@lib/audit';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { ListMeetingsQuery, type MeetingAgenda, type MeetingPage } from './list-meetings.query.js';
import { ListMeetingsRequest } from './list-meetings.request.dto.js';

const queryPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

@ApiTags('meetings')
@Controller('meetings')
export class ListMeetingsController {
  constructor(
    private readonly meetings: ListMeetingsQuery,
    private readonly audit: AuditLog,
  ) {}

  /** The panel meetings of the caller's area: dates, agenda sizes, attendance by agency, quorum. No person named. */
  @Get()
  @Allow('case:read')
  @ApiOperation({ summary: 'Panel meetings: filters, soonest first, a page at a time with the total' })
  list(@CurrentPrincipal() principal: Principal, @Query(queryPipe) filters: ListMeetingsRequest): Promise<MeetingPage> {
    return this.meetings.list(principal, filters);
  }

  /** A meeting's agenda: the cases on it and what is due for each. Ids and codes only; audited once as a list read. */
  @Get(':id/agenda')
  @Allow('case:read')
  @ApiOperation({
    summary: 'A meeting’s agenda: each case listed, its stage and alerts, and whether a decision or review is due',
  })
  async agenda(
    @CurrentPrincipal() principal: Principal,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
    @Param('id') meetingId: string,
  ): Promise<MeetingAgenda> {
    const agenda = await this.meetings.agenda(principal, meetingId);
    await this.audit.recordRead(
      principal,
      'case:read',
      { type: 'meeting-agenda', id: meetingId },
      undefined,
      correlationIdOf(request),
    );
    return agenda;
  }
}
