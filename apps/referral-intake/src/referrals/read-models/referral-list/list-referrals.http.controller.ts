import { Controller, Get, Query, Req, ValidationPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog, correlationIdOf } from '@lib/audit';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { ListReferralsQuery, type ReferralQueuePage } from './list-referrals.query.js';
import { ListReferralsRequest } from './list-referrals.request.dto.js';

const queryPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

@ApiTags('referrals')
@Controller('referrals')
export class ListReferralsController {
  constructor(
    private readonly referrals: ListReferralsQuery,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The police queue. It shows no name or free text, only codes, dates and ids, so its read is
   * audited once per page (record `referral-queue`, the filters as its id), not per person (ADR 041).
   */
  @Get()
  @Allow('referral:read')
  @ApiOperation({ summary: 'The referral queue: filters, oldest first, a page at a time with the total' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
    @Query(queryPipe) filters: ListReferralsRequest,
  ): Promise<ReferralQueuePage> {
    const page = await this.referrals.list(principal, filters);
    const described = Object.entries(filters)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}=${String(value)}`)
      .join('&');
    await this.audit.recordRead(
      principal,
      'referral:read',
      { type: 'referral-queue', id: described || 'all' },
      undefined,
      correlationIdOf(request),
    );
    return page;
  }
}
