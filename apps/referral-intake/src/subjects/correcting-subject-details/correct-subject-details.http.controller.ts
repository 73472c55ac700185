import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { callerOf, type HttpRequest, type HttpResponse } from '../../referrals/http.js';
import { etagOf, revisionOf } from '../../referrals/referral-commands.js';
import { CorrectSubjectDetailsHandler, type SubjectCommandAnswer } from './correct-subject-details.handler.js';
import { CorrectSubjectDetailsRequest } from './correct-subject-details.request.dto.js';

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('subjects/:id')
export class CorrectSubjectDetailsHttpController {
  constructor(private readonly handler: CorrectSubjectDetailsHandler) {}

  @Post('corrections')
  @HttpCode(200)
  @Allow('subject:correct')
  @ApiOperation({ summary: 'Correct some of a subject’s details, with a reason' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The subject’s revision the officer saw' })
  @ApiResponse({ status: 200, description: 'Corrected; ETag is the subject’s new revision' })
  @ApiResponse({ status: 400, description: 'Invalid fields (problem details with field errors)' })
  @ApiResponse({ status: 404, description: 'No such subject within the caller’s reach' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  @ApiResponse({ status: 422, description: 'Nothing to correct' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async correct(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CorrectSubjectDetailsRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<SubjectCommandAnswer> {
    const answer = await this.handler.execute(
      id,
      body,
      revisionOf(ifMatch),
      callerOf(principal, request, 'subject:correct'),
    );
    response.setHeader('ETag', etagOf(answer.revision));
    return answer;
  }
}
