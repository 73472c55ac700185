import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import {
  answered,
  AuthorityCommands,
  IF_MATCH,
  revisionOf,
  type CommandAnswer,
  type HttpRequest,
  type HttpResponse,
} from '../authority-commands.js';
import { AssessAreaRequest } from './assess-area.request.dto.js';

/** Recording an area's status: a new assessment, the earlier ones kept as its history. */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance/authorities/:id')
export class AssessAreaHttpController {
  constructor(private readonly authorities: AuthorityCommands) {}

  @Post('assessments')
  @HttpCode(200)
  @Allow('compliance:record')
  @ApiOperation({ summary: 'Record the status, evidence, owning post and review date of one area' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, description: 'Recorded (or the same assessment again); ETag is the new revision' })
  @ApiResponse({ status: 400, description: 'Invalid request' })
  @ApiResponse({ status: 403, description: 'An authority of another area' })
  @ApiResponse({ status: 404, description: 'Unknown authority' })
  @ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
  @ApiResponse({ status: 422, description: 'Not an area this authority is judged on, or a review date in the past' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  assess(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssessAreaRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.authorities
      .run(id, principal, request, revisionOf(ifMatch), body.reason, () => ({
        type: 'AssessBenchmark',
        authorityId: id,
        benchmark: body.benchmark,
        status: body.status,
        evidence: { reference: body.evidence.reference, summary: body.evidence.summary },
        owner: body.owner,
        reviewDue: body.reviewDue,
      }))
      .then((answer) => answered(response, answer));
  }
}
