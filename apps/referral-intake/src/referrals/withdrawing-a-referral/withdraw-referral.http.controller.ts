import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { WITHDRAWAL_REASONS, type WithdrawalReason } from '@lib/contracts';
import { answered, callerOf, type HttpRequest, type HttpResponse } from '../http.js';
import { ReferralCommands, revisionOf, type CommandAnswer } from '../referral-commands.js';

export class WithdrawReferralRequest {
  @ApiProperty({ enum: WITHDRAWAL_REASONS }) @IsIn(WITHDRAWAL_REASONS) reason!: WithdrawalReason;
  @ApiProperty() @IsString() @Length(1, 20000) explanation!: string;
}

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals/:id')
export class WithdrawReferralHttpController {
  constructor(private readonly referrals: ReferralCommands) {}

  @Post('withdrawal')
  @HttpCode(200)
  @Allow('referral:withdraw')
  @ApiOperation({ summary: 'Withdraw an undecided referral, with a reason' })
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiResponse({ status: 200, description: 'Withdrawn; ETag is the new revision' })
  @ApiResponse({ status: 409, description: 'Decided, closed or already withdrawn' })
  @ApiResponse({ status: 412, description: 'If-Match is stale' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  withdraw(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: WithdrawReferralRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    const caller = callerOf(principal, request, 'referral:withdraw');
    return this.referrals
      .run(
        id,
        caller,
        'referral:withdraw',
        revisionOf(ifMatch),
        async ({ state }) => ({
          type: 'WithdrawReferral',
          referralId: id,
          reason: body.reason,
          explanation: await this.referrals.seal(state.subjectId, body.explanation),
        }),
        body.reason,
      )
      .then((answer) => answered(response, answer));
  }
}
