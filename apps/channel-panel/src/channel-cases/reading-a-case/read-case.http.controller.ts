import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '@lib/audit';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { callerOf, ChannelCaseCommands, etagOf, type HttpRequest, type HttpResponse } from '../case-commands.js';

/**
 * The case straight from its stream, revealed, with its ETag: what a coordinator, chair or member
 * acts on. Every read is audited before the data leaves. Lists and the timeline are the read side's.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ReadCaseHttpController {
  constructor(
    private readonly cases: ChannelCaseCommands,
    private readonly audit: AuditLog,
  ) {}

  @Get(':id')
  @Allow('case:read')
  @ApiOperation({ summary: 'A Channel case, from its history (audited read)' })
  @ApiResponse({
    status: 200,
    description:
      'The case; ETag is its revision. An intervention provider named on one of its interventions gets a narrowed case (view "intervention-provider"): the stage, their interventions and their events only (ADR 083)',
  })
  @ApiResponse({ status: 404, description: 'Unknown, outside your area, or (providers) not assigned to you' })
  async read(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    const { state, events, revision, providerOf } = await this.cases.load(id, principal, 'case:read');
    const caller = callerOf(principal, request, 'case:read');
    await this.audit.recordRead(principal, 'case:read', { type: 'case', id }, state.subjectId, caller.correlationId);
    if (providerOf) {
      // the intervention provider's view: the case's stage and the interventions they deliver,
      // with their own sessions and progress; never the concern, decisions, consent or the person
      const own = events.filter((event) =>
        providerOf.includes(String((event.data as { interventionId?: unknown }).interventionId ?? '')),
      );
      const revealedOwn = await this.cases.reveal<{ type: string; data: Record<string, unknown> }[]>(
        own.map((event) => ({ type: event.type, data: event.data })),
      );
      response.setHeader('ETag', etagOf(revision));
      return {
        caseId: state.caseId,
        status: state.status,
        area: state.area,
        revision,
        view: 'intervention-provider',
        ...('interventions' in state
          ? { interventions: state.interventions.filter((i) => providerOf.includes(i.interventionId)) }
          : {}),
        events: revealedOwn.map((event, index) => ({
          type: event.type,
          revision: own[index].revision,
          recordedAt: own[index].recordedAt,
          actor: own[index].actor,
          data: withoutFingerprint(event.data),
        })),
      };
    }
    const revealed = await this.cases.reveal<{ type: string; data: Record<string, unknown> }[]>(
      events.map((event) => ({ type: event.type, data: event.data })),
    );
    response.setHeader('ETag', etagOf(revision));
    return {
      caseId: state.caseId,
      subjectId: state.subjectId,
      status: state.status,
      area: state.area,
      revision,
      ...(state.status === 'adopted'
        ? { consent: state.consent, interventions: state.interventions, supportStarted: state.supportStarted }
        : {}),
      ...(state.status === 'closed' ? { postExitReviews: state.postExitReviews } : {}),
      events: revealed.map((event, index) => ({
        type: event.type,
        revision: events[index].revision,
        recordedAt: events[index].recordedAt,
        actor: events[index].actor,
        data: withoutFingerprint(event.data),
      })),
    };
  }
}

function withoutFingerprint(data: Record<string, unknown>): Record<string, unknown> {
  const { requestFingerprint: _ignored, ...rest } = data;
  return rest;
}
