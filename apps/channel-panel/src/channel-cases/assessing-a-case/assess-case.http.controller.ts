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
import { IF_MATCH } from '../preparing-a-case/prepare-case.http.controller.js';
import { RecordAssessmentRequest } from './assess-case.request.dto.js';
import { currentTemplate } from './panel-assessment-templates.js';

@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader(IF_MATCH)
@Controller('cases/:id')
export class AssessCaseHttpController {
  constructor(private readonly cases: ChannelCaseCommands) {}

  @Post('assessments')
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({ summary: 'Record an assessment against the current template' })
  @ApiResponse({ status: 200, description: 'Recorded; ETag is the new revision' })
  @ApiResponse({ status: 422, description: 'Answers not following the template, or a later one without changes/plan' })
  assess(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordAssessmentRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const template = currentTemplate(body.templateId);
    if (!template) throw new InvalidRequestError([{ field: 'templateId', messages: ['no such assessment template'] }]);
    return this.cases
      .run(id, callerOf(principal, request, 'case:manage'), 'case:manage', revisionOf(ifMatch), async ({ state }) => {
        const seal = (value: string) => this.cases.seal(state.subjectId, value);
        return {
          type: 'RecordAssessment',
          caseId: id,
          ...(body.meetingId ? { meetingId: body.meetingId } : {}),
          template,
          answers: await Promise.all(
            body.answers.map(async (answer) => ({
              dimension: answer.dimension,
              rating: answer.rating,
              notes: await seal(answer.notes),
            })),
          ),
          ...(body.whatChanged ? { whatChanged: await seal(body.whatChanged) } : {}),
          summaryConclusion: await seal(body.summaryConclusion),
          ...(body.managementPlan ? { managementPlan: await seal(body.managementPlan) } : {}),
        };
      })
      .then((answer) => answered(response, answer));
  }
}
