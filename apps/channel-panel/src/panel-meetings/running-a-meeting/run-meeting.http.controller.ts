import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import {
  answered,
  callerOf,
  revisionOf,
  type CommandAnswer,
  type HttpRequest,
  type HttpResponse,
} from '../../channel-cases/case-commands.js';
import { IF_MATCH } from '../../channel-cases/preparing-a-case/prepare-case.http.controller.js';
import { PanelMeetingCommands } from '../meeting-commands.js';
import { CancelMeetingRequest, RecordAttendanceRequest, RecordMinutesRequest } from './run-meeting.request.dto.js';

/** Running a meeting: attendance (which decides quorum), minutes, cancelling. Cases join the agenda by being listed. */
@ApiTags('meetings')
@ApiBearerAuth()
@ApiHeader(IF_MATCH)
@ApiResponse({ status: 200, description: 'Recorded; ETag is the new revision' })
@ApiResponse({ status: 400, description: 'Invalid request' })
@ApiResponse({ status: 404, description: 'Unknown, or another area’s' })
@ApiResponse({ status: 409, description: 'Cancelled, or already held' })
@ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
@ApiResponse({ status: 422, description: 'A rule refuses it' })
@ApiResponse({ status: 428, description: 'If-Match is missing' })
@Controller('meetings/:id')
export class RunMeetingHttpController {
  constructor(private readonly meetings: PanelMeetingCommands) {}

  @Post('attendance')
  @HttpCode(200)
  @Allow('meeting:manage')
  @ApiOperation({ summary: 'Record who attended, by agency (quorum: the chair and the police)' })
  attendance(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordAttendanceRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.meetings
      .run(id, callerOf(principal, request, 'meeting:manage'), 'meeting:manage', revisionOf(ifMatch), () => ({
        type: 'RecordAttendance',
        meetingId: id,
        attendees: body.attendees.map((attendee) => ({
          agency: attendee.agency,
          role: attendee.role,
          ...(attendee.userId ? { userId: attendee.userId } : {}),
        })),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('minutes')
  @HttpCode(200)
  @Allow('meeting:manage')
  @ApiOperation({ summary: 'Record the minutes of a meeting held' })
  minutes(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordMinutesRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.meetings
      .run(id, callerOf(principal, request, 'meeting:manage'), 'meeting:manage', revisionOf(ifMatch), async () => ({
        type: 'RecordMinutes',
        meetingId: id,
        minutes: await this.meetings.sealMinutes(id, body.minutes),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('cancellation')
  @HttpCode(200)
  @Allow('meeting:manage')
  @ApiOperation({ summary: 'Cancel a meeting not yet held' })
  cancel(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CancelMeetingRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.meetings
      .run(id, callerOf(principal, request, 'meeting:manage'), 'meeting:manage', revisionOf(ifMatch), () => ({
        type: 'CancelMeeting',
        meetingId: id,
        reason: body.reason,
      }))
      .then((answer) => answered(response, answer));
  }
}
