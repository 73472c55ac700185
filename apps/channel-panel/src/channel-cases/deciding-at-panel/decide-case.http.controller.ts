import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { InvalidRequestError } from '@lib/platform';
import {
  answered,
  callerOf,
  ChannelCaseCommands,
  revisionOf,
  type CommandAnswer,
  type HttpRequest,
  type HttpResponse,
} from '../case-commands.js';
import type { PanelDecision } from '../domain/channel-case.commands.js';
import { IF_MATCH } from '../preparing-a-case/prepare-case.http.controller.js';
import { DecideCaseRequest, ReviewCaseRequest } from './decide-case.request.dto.js';

/**
 * The panel's decisions and reviews, each at a meeting: the handler reads the meeting's quorum and
 * agenda from its stream and the decider refuses a meeting without quorum.
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader(IF_MATCH)
@ApiResponse({ status: 200, description: 'Recorded; ETag is the new revision' })
@ApiResponse({ status: 404, description: 'Unknown case or meeting, or outside your area' })
@ApiResponse({ status: 409, description: 'Already decided, closed, or back with the police' })
@ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
@ApiResponse({ status: 422, description: 'The meeting is not quorate, or the case is not on its agenda' })
@ApiResponse({ status: 428, description: 'If-Match is missing' })
@Controller('cases/:id')
export class DecideCaseHttpController {
  constructor(private readonly cases: ChannelCaseCommands) {}

  @Post('decision')
  @HttpCode(200)
  @Allow('case:decide')
  @ApiOperation({ summary: 'Record the panel’s decision: adopt, not adopted, or defer, with a rationale' })
  decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DecideCaseRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const decision = decisionOf(body);
    return this.cases
      .run(id, callerOf(principal, request, 'case:decide'), 'case:decide', revisionOf(ifMatch), async ({ state }) => ({
        type: 'DecideCase',
        caseId: id,
        meeting: await this.cases.meeting(body.meetingId, id, state.area),
        decision,
        rationale: await this.cases.seal(state.subjectId, body.rationale),
        ...(body.riskView ? { riskView: await this.cases.seal(state.subjectId, body.riskView) } : {}),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('reviews')
  @HttpCode(200)
  @Allow('case:decide')
  @ApiOperation({ summary: 'Review an adopted case at a quorate meeting' })
  review(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReviewCaseRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:decide'), 'case:decide', revisionOf(ifMatch), async ({ state }) => ({
        type: 'ReviewCase',
        caseId: id,
        meeting: await this.cases.meeting(body.meetingId, id, state.area),
        progress: await this.cases.seal(state.subjectId, body.progress),
        riskNow: body.riskNow,
        decision: body.decision,
      }))
      .then((answer) => answered(response, answer));
  }
}

function decisionOf(body: DecideCaseRequest): PanelDecision {
  switch (body.decision) {
    case 'adopt':
      return { decision: 'adopt' };
    case 'defer':
      return { decision: 'defer' };
    case 'not-adopted':
      if (!body.outcome) throw new InvalidRequestError([{ field: 'outcome', messages: ['required with not-adopted'] }]);
      return {
        decision: 'not-adopted',
        outcome: body.outcome,
        ...(body.referredTo
          ? { referredTo: { codeList: body.referredTo.codeList, codes: [...body.referredTo.codes] } }
          : {}),
      };
    default: {
      const unreachable: never = body.decision;
      return unreachable;
    }
  }
}
