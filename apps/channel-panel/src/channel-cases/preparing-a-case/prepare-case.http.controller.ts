import { Inject, Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { CommandRunner, Clock, EventStore } from '@lib/event-store';
import { panelMeetingDecider } from '../../panel-meetings/domain/panel-meeting.js';
import { panelMeetingStream } from '../../panel-meetings/domain/panel-meeting.events.js';
import {
  answered,
  callerOf,
  ChannelCaseCommands,
  revisionOf,
  type CommandAnswer,
  type HttpRequest,
  type HttpResponse,
} from '../case-commands.js';
import {
  ListCaseRequest,
  RecordInformationReceivedRequest,
  RequestInformationRequest,
  TransferCaseRequest,
} from './prepare-case.request.dto.js';

export const IF_MATCH = { name: 'If-Match', required: true, description: 'The ETag you read (W/"<revision>")' };

/** Preparing a case for the panel: transfer, the information-sharing log, listing for a meeting. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader(IF_MATCH)
@ApiResponse({ status: 200, description: 'Recorded (or nothing to record); ETag is the new revision' })
@ApiResponse({ status: 400, description: 'Invalid request' })
@ApiResponse({ status: 404, description: 'Unknown, or outside your area' })
@ApiResponse({ status: 409, description: 'The case is closed or back with the police' })
@ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
@ApiResponse({ status: 422, description: 'A rule of the process refuses it' })
@ApiResponse({ status: 428, description: 'If-Match is missing' })
@Controller('cases/:id')
export class PrepareCaseHttpController {
  private readonly meetings: CommandRunner;

  constructor(
    private readonly cases: ChannelCaseCommands,
    @Inject(EventStore) store: EventStore,
    @Inject(Clock) clock: Clock,
  ) {
    this.meetings = new CommandRunner(store, clock);
  }

  @Post('transfer')
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({ summary: 'Transfer the case, with its history, to another area' })
  transfer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TransferCaseRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:manage'), 'case:manage', revisionOf(ifMatch), async ({ state }) => ({
        type: 'TransferCase',
        caseId: id,
        toArea: body.toArea,
        toRegion: body.toRegion,
        reason: await this.cases.seal(state.subjectId, body.reason),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('information-requests')
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({ summary: 'Ask a partner for information, with the lawful basis' })
  requestInformation(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RequestInformationRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:manage'), 'case:manage', revisionOf(ifMatch), async ({ state }) => ({
        type: 'RequestInformation',
        caseId: id,
        requestId: body.requestId,
        partnerAgency: body.partnerAgency,
        partner: await this.cases.seal(state.subjectId, {
          organisation: body.organisation,
          ...(body.contact ? { contact: body.contact } : {}),
        }),
        lawfulBasis: body.lawfulBasis,
        request: await this.cases.seal(state.subjectId, body.request),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('information-requests/:requestId/answer')
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({ summary: 'Record a partner’s answer, with the lawful basis' })
  recordAnswer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('requestId') requestId: string,
    @Body() body: RecordInformationReceivedRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:manage'), 'case:manage', revisionOf(ifMatch), async ({ state }) => ({
        type: 'RecordInformationReceived',
        caseId: id,
        requestId,
        lawfulBasis: body.lawfulBasis,
        information: await this.cases.seal(state.subjectId, body.information),
      }))
      .then((answer) => answered(response, answer));
  }

  /**
   * Lists the case for a meeting of its area: the meeting's agenda first (safe to repeat), then the
   * case's own record of it, pinned to the case revision the caller read.
   */
  @Post('listings')
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({ summary: 'List the case for a panel meeting of its area (puts it on the agenda)' })
  list(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ListCaseRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'case:manage');
    return this.cases
      .run(id, caller, 'case:manage', revisionOf(ifMatch), async ({ state }) => {
        const meeting = await this.cases.meeting(body.meetingId, id, state.area);
        if (!meeting.cancelled) {
          await this.meetings.run(
            panelMeetingStream(body.meetingId),
            panelMeetingDecider,
            { type: 'AddCaseToAgenda', meetingId: body.meetingId, caseId: id },
            { actor: { id: principal.subject, role: caller.role }, correlationId: caller.correlationId },
          );
        }
        return { type: 'ListCaseForMeeting', caseId: id, meeting };
      })
      .then((answer) => answered(response, answer));
  }
}
