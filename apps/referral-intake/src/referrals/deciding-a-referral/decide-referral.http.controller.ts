import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { answered, callerOf, type HttpRequest, type HttpResponse } from '../http.js';
import { ReferralCommands, revisionOf, type CommandAnswer } from '../referral-commands.js';
import { DecideReferralRequest, SignOffDecisionRequest } from './decide-referral.request.dto.js';

@ApiTags('referrals')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: true })
@ApiResponse({ status: 200, description: 'Recorded; ETag is the new revision' })
@ApiResponse({ status: 400, description: 'Invalid request' })
@ApiResponse({ status: 404, description: 'Unknown, or outside your area' })
@ApiResponse({ status: 409, description: 'Already decided, closed or withdrawn' })
@ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
@ApiResponse({ status: 422, description: 'Refused by a rule (de-confliction not clear, no area, no service...)' })
@ApiResponse({ status: 428, description: 'If-Match is missing' })
@Controller('referrals/:id')
export class DecideReferralHttpController {
  constructor(private readonly referrals: ReferralCommands) {}

  @Post('decision')
  @HttpCode(200)
  @Allow('referral:decide')
  @ApiOperation({ summary: 'Decide the referral, with a rationale' })
  decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DecideReferralRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'referral:decide');
    return this.referrals
      .run(
        id,
        caller,
        'referral:decide',
        revisionOf(ifMatch),
        async ({ state }) => ({
          type: 'DecideReferral',
          referralId: id,
          outcome: body.outcome,
          ...(body.signpostedTo
            ? { signpostedTo: { codeList: body.signpostedTo.codeList, codes: [...body.signpostedTo.codes] } }
            : {}),
          ...(body.mashReferral !== undefined ? { mashReferral: body.mashReferral } : {}),
          ...(body.channelArea ? { channelArea: body.channelArea } : {}),
          decidedBy: { id: principal.subject, role: caller.role },
          rationale: await this.referrals.seal(state.subjectId, body.rationale),
        }),
        body.outcome,
      )
      .then((answer) => answered(response, answer));
  }

  @Post('decision/sign-off')
  @HttpCode(200)
  @Allow('referral:sign-off')
  @ApiOperation({ summary: 'Sign off another officer’s decision (police supervisors)' })
  signOff(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SignOffDecisionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'referral:sign-off');
    return this.referrals
      .run(id, caller, 'referral:sign-off', revisionOf(ifMatch), async ({ state }) => ({
        type: 'SignOffDecision',
        referralId: id,
        supervisor: { id: principal.subject, role: caller.role },
        ...(body.comment ? { comment: await this.referrals.seal(state.subjectId, body.comment) } : {}),
      }))
      .then((answer) => answered(response, answer));
  }
}
