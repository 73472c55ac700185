import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog, correlationIdOf } from '@lib/audit';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { ReferralHistoryQuery, type ReferralHistory } from './referral-history.query.js';

@ApiTags('referrals')
@Controller('referrals')
export class ReferralHistoryController {
  constructor(
    private readonly history: ReferralHistoryQuery,
    private readonly audit: AuditLog,
  ) {}

  /** Every step of the referral from the event store; a read of the person's record, audited. */
  @Get(':id/history')
  @Allow('referral:read')
  @ApiOperation({ summary: 'The decision history: every event with who, in which role, when and why' })
  async show(
    @CurrentPrincipal() principal: Principal,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
    @Param('id') referralId: string,
  ): Promise<ReferralHistory> {
    const loaded = await this.history.load(principal, referralId);
    await this.audit.recordRead(
      principal,
      'referral:read',
      { type: 'referral-history', id: referralId },
      loaded.subjectId,
      correlationIdOf(request),
    );
    return this.history.reveal(referralId, loaded);
  }
}
