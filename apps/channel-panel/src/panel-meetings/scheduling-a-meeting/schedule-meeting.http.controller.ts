import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccessError, Allow, canSeeRecord, CurrentPrincipal, type Principal } from '@lib/auth';
import { InvalidRequestError } from '@lib/platform';
import {
  callerOf,
  digest,
  etagOf,
  uuidV5,
  type CommandAnswer,
  type HttpRequest,
  type HttpResponse,
} from '../../channel-cases/case-commands.js';
import { panelMeetingDecider } from '../domain/panel-meeting.js';
import { panelMeetingStream } from '../domain/panel-meeting.events.js';
import { PanelMeetingCommands } from '../meeting-commands.js';
import { ScheduleMeetingRequest } from './schedule-meeting.request.dto.js';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const IDEMPOTENCY_NAMESPACE = '3c8e6d2a-1f4b-4c7d-9e5a-8b0c1d2e3f4a';

/** A coordinator or chair tried to schedule another area's meeting. */
export class MeetingAreaOutsideReachError extends AccessError {
  constructor() {
    super('panel-meeting.area-outside-reach', 'forbidden', 'You may schedule meetings of your own area only.');
  }
}

interface CreatedResponse extends HttpResponse {
  status(code: number): unknown;
}

/** Scheduling a panel meeting of one's own area (Idempotency-Key: a retried POST finds the first meeting). */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class ScheduleMeetingHttpController {
  constructor(private readonly meetings: PanelMeetingCommands) {}

  @Post()
  @HttpCode(201)
  @Allow('meeting:manage')
  @ApiOperation({ summary: 'Schedule a panel meeting of your area' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried POST with the same key returns the first meeting',
  })
  @ApiResponse({ status: 201, description: 'Scheduled; ETag is its revision, Location its address' })
  @ApiResponse({ status: 200, description: 'A retry with the same Idempotency-Key: the first meeting' })
  @ApiResponse({ status: 400, description: 'Invalid request' })
  @ApiResponse({ status: 403, description: 'Another area’s panel' })
  @ApiResponse({ status: 422, description: 'Idempotency-Key already used for another request' })
  async schedule(
    @Body() body: ScheduleMeetingRequest,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: CreatedResponse,
  ): Promise<CommandAnswer & { created: boolean }> {
    if (key !== undefined && !KEY.test(key)) {
      throw new InvalidRequestError([{ field: 'Idempotency-Key', messages: ['8 to 128 letters, digits or ._:-'] }]);
    }
    if (!canSeeRecord(principal, 'meeting:manage', { area: body.area })) {
      throw new MeetingAreaOutsideReachError();
    }
    const caller = callerOf(principal, request, 'meeting:manage');
    const meetingId = key ? uuidV5(IDEMPOTENCY_NAMESPACE, `${principal.subject}\n${key}`) : crypto.randomUUID();
    const outcome = await this.meetings.runner.run(
      panelMeetingStream(meetingId),
      panelMeetingDecider,
      {
        type: 'ScheduleMeeting',
        meetingId,
        area: body.area,
        meetingDate: new Date(body.meetingDate).toISOString(),
        ...(key ? { requestFingerprint: digest({ area: body.area, meetingDate: body.meetingDate }) } : {}),
      },
      { actor: { id: principal.subject, role: caller.role }, correlationId: caller.correlationId },
    );
    const created = outcome.events.length > 0;
    response.status(created ? 201 : 200);
    response.setHeader('ETag', etagOf(outcome.revision as number));
    response.setHeader('Location', `/meetings/${meetingId}`);
    return { id: meetingId, revision: outcome.revision as number, created };
  }

  @Get(':id')
  @Allow('case:read')
  @ApiOperation({ summary: 'A panel meeting: date, agenda, quorum (no personal data)' })
  @ApiResponse({ status: 200, description: 'The meeting; ETag is its revision' })
  @ApiResponse({ status: 404, description: 'Unknown, or another area’s' })
  async read(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    const { state, revision } = await this.meetings.load(id, principal, 'case:read');
    response.setHeader('ETag', etagOf(revision));
    return {
      meetingId: state.meetingId,
      area: state.area,
      meetingDate: state.meetingDate,
      status: state.status,
      agenda: state.agenda,
      quorate: state.status === 'held' ? state.quorate : false,
      revision,
    };
  }
}
