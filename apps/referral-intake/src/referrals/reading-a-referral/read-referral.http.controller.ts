import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '@lib/audit';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { PersonalDataCipher } from '@lib/personal-data';
import { callerOf, type HttpRequest, type HttpResponse } from '../http.js';
import { etagOf, ReferralCommands } from '../referral-commands.js';

/**
 * The referral straight from its stream, revealed, with its ETag: the minimal detail an officer
 * acts on. Every read is audited before the data leaves (a read that cannot be audited fails).
 * The richer views (queue, history) are the read models'.
 */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class ReadReferralHttpController {
  constructor(
    private readonly referrals: ReferralCommands,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditLog,
  ) {}

  @Get(':id')
  @Allow('referral:read')
  @ApiOperation({ summary: 'A referral, from its history (audited read)' })
  @ApiResponse({ status: 200, description: 'The referral; ETag is its revision' })
  @ApiResponse({ status: 404, description: 'Unknown, or outside your area' })
  async read(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ) {
    const { state, events, revision } = await this.referrals.load(id, principal, 'referral:read');
    const caller = callerOf(principal, request, 'referral:read');
    await this.audit.recordRead(
      principal,
      'referral:read',
      { type: 'referral', id },
      state.subjectId,
      caller.correlationId,
    );
    const revealed = await this.cipher.reveal<{ type: string; data: Record<string, unknown> }[]>(
      events.map((event) => ({ type: event.type, data: event.data })),
    );
    response.setHeader('ETag', etagOf(revision));
    return {
      referralId: state.referralId,
      subjectId: state.subjectId,
      status: state.status,
      revision,
      profile: state.profile,
      officerId: state.officerId ?? null,
      decisions: state.decisions,
      ...(state.status === 'open'
        ? { acknowledged: state.acknowledged, deconfliction: state.deconfliction, assessed: state.assessed }
        : {}),
      ...(state.status === 'decided' ? { outcome: state.outcome, signedOff: state.signedOff } : {}),
      events: revealed.map((event, index) => ({
        type: event.type,
        revision: events[index].revision,
        recordedAt: events[index].recordedAt,
        actor: events[index].actor,
        data: withoutFingerprint(event.data),
      })),
    };
  }
}

function withoutFingerprint(data: Record<string, unknown>): Record<string, unknown> {
  const { requestFingerprint: _ignored, ...rest } = data;
  return rest;
}
