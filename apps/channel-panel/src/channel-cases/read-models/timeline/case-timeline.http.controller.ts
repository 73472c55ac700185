import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog, correlationIdOf } from '@lib/audit';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { CaseTimelineQuery, type CaseTimeline } from './case-timeline.query.js';

@ApiTags('cases')
@Controller('cases')
export class CaseTimelineController {
  constructor(
    private readonly timeline: CaseTimelineQuery,
    private readonly audit: AuditLog,
  ) {}

  /** Every step of the case from the event store; a read of the person's record, audited before it is answered. */
  @Get(':id/timeline')
  @Allow('case:read')
  @ApiOperation({ summary: 'The case timeline: every event of the case and its meetings with who, role, when and why' })
  async show(
    @CurrentPrincipal() principal: Principal,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
    @Param('id') caseId: string,
  ): Promise<CaseTimeline> {
    const loaded = await this.timeline.load(principal, caseId);
    await this.audit.recordRead(
      principal,
      'case:read',
      { type: 'case-timeline', id: caseId },
      loaded.subjectId,
      correlationIdOf(request),
    );
    return this.timeline.reveal(loaded);
  }
}
