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
import { IF_MATCH } from '../preparing-a-case/prepare-case.http.controller.js';
import { ExitCaseRequest, RecordPostExitReviewRequest, ReturnToPoliceRequest } from './exit-case.request.dto.js';

/** Leaving Channel: exit with an outcome and a closing report, the 6- and 12-month reviews, a return to the police. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader(IF_MATCH)
@ApiResponse({ status: 200, description: 'Recorded; ETag is the new revision' })
@ApiResponse({ status: 404, description: 'Unknown, or outside your area' })
@ApiResponse({ status: 409, description: 'Already closed, recorded, or back with the police' })
@ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
@ApiResponse({ status: 422, description: 'Never adopted, or not exited yet' })
@ApiResponse({ status: 428, description: 'If-Match is missing' })
@Controller('cases/:id')
export class ExitCaseHttpController {
  constructor(private readonly cases: ChannelCaseCommands) {}

  @Post('exit')
  @HttpCode(200)
  @Allow('case:decide')
  @ApiOperation({ summary: 'Close an adopted case with an exit outcome and a closing report' })
  exit(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ExitCaseRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:decide'), 'case:decide', revisionOf(ifMatch), async ({ state }) => ({
        type: 'ExitCase',
        caseId: id,
        exitOutcome: body.exitOutcome,
        exitedOn: body.exitedOn,
        closingReport: await this.cases.seal(state.subjectId, body.closingReport),
        ...(body.riskView ? { riskView: await this.cases.seal(state.subjectId, body.riskView) } : {}),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('post-exit-reviews')
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({ summary: 'Record the 6- or 12-month review after exit' })
  postExitReview(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordPostExitReviewRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:manage'), 'case:manage', revisionOf(ifMatch), async ({ state }) => ({
        type: 'RecordPostExitReview',
        caseId: id,
        review: body.review,
        outcome: body.outcome,
        notes: await this.cases.seal(state.subjectId, body.notes),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('return-to-police')
  @HttpCode(200)
  @Allow('case:decide')
  @ApiOperation({ summary: 'Return the case to the police: the risk escalated' })
  returnToPolice(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReturnToPoliceRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:decide'), 'case:decide', revisionOf(ifMatch), async ({ state }) => ({
        type: 'ReturnCaseToPolice',
        caseId: id,
        riskView: await this.cases.seal(state.subjectId, body.riskView),
      }))
      .then((answer) => answered(response, answer));
  }
}
