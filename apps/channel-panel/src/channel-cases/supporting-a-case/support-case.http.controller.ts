import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import {
  answered,
  callerOf,
  ChannelCaseCommands,
  revisionOf,
  type CommandAnswer,
  type HttpRequest,
  type HttpResponse,
} from '../case-commands.js';
import { CaseNotFoundError } from '../domain/channel-case.errors.js';
import { INTERVENTION_TYPE_CODE_LIST } from '../domain/channel-case.events.js';
import { IF_MATCH } from '../preparing-a-case/prepare-case.http.controller.js';
import {
  ChangeInterventionStatusRequest,
  PlanInterventionRequest,
  RecordProgressRequest,
  RecordSessionRequest,
} from './support-case.request.dto.js';

/**
 * The support plan: interventions (after consent), their status, sessions and progress. Intervention
 * providers reach only the cases in their token's assigned cases, and record only on the
 * interventions they deliver (another's is not found).
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader(IF_MATCH)
@ApiResponse({ status: 200, description: 'Recorded (or nothing to record); ETag is the new revision' })
@ApiResponse({ status: 404, description: 'Unknown case or intervention, outside your area, or not assigned to you' })
@ApiResponse({ status: 409, description: 'Not running, closed, or back with the police' })
@ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
@ApiResponse({ status: 422, description: 'Not adopted, or no consent given' })
@ApiResponse({ status: 428, description: 'If-Match is missing' })
@Controller('cases/:id/interventions')
export class SupportCaseHttpController {
  constructor(private readonly cases: ChannelCaseCommands) {}

  @Post()
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({ summary: 'Add an intervention to the support plan (after consent)' })
  plan(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PlanInterventionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:manage'), 'case:manage', revisionOf(ifMatch), async ({ state }) => ({
        type: 'PlanIntervention',
        caseId: id,
        interventionId: body.interventionId,
        interventionType: { codeList: INTERVENTION_TYPE_CODE_LIST, code: body.interventionType },
        ownerAgency: body.ownerAgency,
        ...(body.providerId ? { providerId: body.providerId } : {}),
        startDate: body.startDate,
        description: await this.cases.seal(state.subjectId, body.description),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post(':interventionId/status')
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({ summary: 'Start, pause, resume, complete or stop an intervention' })
  changeStatus(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('interventionId') interventionId: string,
    @Body() body: ChangeInterventionStatusRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:manage'), 'case:manage', revisionOf(ifMatch), () => ({
        type: 'ChangeInterventionStatus',
        caseId: id,
        interventionId,
        status: body.status,
      }))
      .then((answer) => answered(response, answer));
  }

  @Post(':interventionId/sessions')
  @HttpCode(200)
  @Allow('case:record-session')
  @ApiOperation({ summary: 'Record a session (the intervention’s provider, or the coordinator)' })
  recordSession(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('interventionId') interventionId: string,
    @Body() body: RecordSessionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'case:record-session');
    return this.cases
      .run(id, caller, 'case:record-session', revisionOf(ifMatch), async ({ state, providerOf }) => {
        onlyOwnIntervention(id, interventionId, providerOf);
        return {
          type: 'RecordInterventionSession',
          caseId: id,
          interventionId,
          sessionId: body.sessionId,
          sessionDate: body.sessionDate,
          attendance: body.attendance,
          notes: await this.cases.seal(state.subjectId, body.notes),
          recordedBy: { id: principal.subject, role: caller.role },
        };
      })
      .then((answer) => answered(response, answer));
  }

  @Post(':interventionId/progress')
  @HttpCode(200)
  @Allow('case:record-session')
  @ApiOperation({ summary: 'Record progress on an intervention' })
  recordProgress(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('interventionId') interventionId: string,
    @Body() body: RecordProgressRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'case:record-session');
    return this.cases
      .run(id, caller, 'case:record-session', revisionOf(ifMatch), async ({ state, providerOf }) => {
        onlyOwnIntervention(id, interventionId, providerOf);
        return {
          type: 'RecordInterventionProgress',
          caseId: id,
          interventionId,
          progress: await this.cases.seal(state.subjectId, body.progress),
          recordedBy: { id: principal.subject, role: caller.role },
        };
      })
      .then((answer) => answered(response, answer));
  }
}

/** A provider reaching the case through one intervention records on that intervention only. */
function onlyOwnIntervention(caseId: string, interventionId: string, providerOf: readonly string[] | undefined): void {
  if (providerOf && !providerOf.includes(interventionId)) throw new CaseNotFoundError(caseId);
}
