import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { AssessmentTemplates } from '../../assessment-templates/assessment-templates.js';
import { answered, callerOf, type HttpRequest, type HttpResponse } from '../http.js';
import { ReferralCommands, revisionOf, type CommandAnswer } from '../referral-commands.js';
import {
  AssignOfficerRequest,
  RecordDeconflictionRequest,
  RecordGatewayAssessmentRequest,
  RecordInformationReceivedRequest,
  RequestInformationRequest,
} from './triage.request.dto.js';

const IF_MATCH = { name: 'If-Match', required: true, description: 'The ETag you read (W/"<revision>")' };

/**
 * The gateway's triage steps, each a command pinned to the revision the officer read:
 * acknowledge, assign, de-confliction, information from partners, the gateway assessment.
 */
@ApiTags('referrals')
@ApiBearerAuth()
@ApiHeader(IF_MATCH)
@ApiResponse({ status: 200, description: 'Recorded (or nothing to record); ETag is the new revision' })
@ApiResponse({ status: 400, description: 'Invalid request' })
@ApiResponse({ status: 404, description: 'Unknown, or outside your area' })
@ApiResponse({ status: 409, description: 'The referral is decided, closed or withdrawn' })
@ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
@ApiResponse({ status: 422, description: 'A rule of the process refuses it' })
@ApiResponse({ status: 428, description: 'If-Match is missing' })
@Controller('referrals/:id')
export class TriageHttpController {
  constructor(
    private readonly referrals: ReferralCommands,
    private readonly templates: AssessmentTemplates,
  ) {}

  @Post('acknowledgement')
  @HttpCode(200)
  @Allow('referral:triage')
  @ApiOperation({ summary: 'Acknowledge the referral' })
  acknowledge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'referral:triage');
    return this.referrals
      .run(id, caller, 'referral:triage', revisionOf(ifMatch), () => ({ type: 'AcknowledgeReferral', referralId: id }))
      .then((answer) => answered(response, answer));
  }

  @Post('assignment')
  @HttpCode(200)
  @Allow('referral:assign')
  @ApiOperation({ summary: 'Assign or reassign an officer (supervisors)' })
  assign(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignOfficerRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'referral:assign');
    return this.referrals
      .run(id, caller, 'referral:assign', revisionOf(ifMatch), () => ({
        type: 'AssignOfficer',
        referralId: id,
        officerId: body.officerId,
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('deconfliction')
  @HttpCode(200)
  @Allow('referral:triage')
  @ApiOperation({ summary: 'Record de-confliction: clear, or a live investigation (closes the referral)' })
  deconfliction(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordDeconflictionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'referral:triage');
    return this.referrals
      .run(id, caller, 'referral:triage', revisionOf(ifMatch), () => ({
        type: 'RecordDeconfliction',
        referralId: id,
        result: body.result,
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('information-requests')
  @HttpCode(200)
  @Allow('referral:triage')
  @ApiOperation({ summary: 'Ask a partner for information, with the lawful basis' })
  requestInformation(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RequestInformationRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'referral:triage');
    return this.referrals
      .run(id, caller, 'referral:triage', revisionOf(ifMatch), async ({ state }) => ({
        type: 'RequestInformation',
        referralId: id,
        requestId: body.requestId,
        partnerSector: body.partnerSector,
        partner: await this.referrals.seal(state.subjectId, {
          organisation: body.organisation,
          ...(body.contact ? { contact: body.contact } : {}),
        }),
        lawfulBasis: body.lawfulBasis,
        request: await this.referrals.seal(state.subjectId, body.request),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('information-requests/:requestId/reply')
  @HttpCode(200)
  @Allow('referral:triage')
  @ApiOperation({ summary: 'Record a partner’s reply, with the lawful basis it was shared on' })
  recordReply(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('requestId') requestId: string,
    @Body() body: RecordInformationReceivedRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'referral:triage');
    return this.referrals
      .run(id, caller, 'referral:triage', revisionOf(ifMatch), async ({ state }) => ({
        type: 'RecordInformationReceived',
        referralId: id,
        requestId,
        lawfulBasis: body.lawfulBasis,
        information: await this.referrals.seal(state.subjectId, body.information),
      }))
      .then((answer) => answered(response, answer));
  }

  @Post('gateway-assessment')
  @HttpCode(200)
  @Allow('referral:triage')
  @ApiOperation({ summary: 'Record the gateway assessment against a template (id and version)' })
  assess(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordGatewayAssessmentRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'referral:triage');
    return this.referrals
      .run(id, caller, 'referral:triage', revisionOf(ifMatch), async ({ state }) => ({
        type: 'RecordGatewayAssessment',
        referralId: id,
        template: this.templates.get(body.templateId, body.templateVersion),
        answers: await Promise.all(
          body.answers.map(async (answer) => ({
            dimension: answer.dimension,
            rating: answer.rating,
            notes: await this.referrals.seal(state.subjectId, answer.notes),
          })),
        ),
        summary: await this.referrals.seal(state.subjectId, body.summary),
      }))
      .then((answer) => answered(response, answer));
  }
}
