import { Controller, Get, Query, Req, ValidationPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog, correlationIdOf } from '@lib/audit';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { FindSubjectMatchesQuery, type SubjectMatch } from './find-subject-matches.query.js';
import { FindSubjectMatchesRequest } from './find-subject-matches.request.dto.js';

const queryPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

@ApiTags('subjects')
@Controller('subjects')
export class SubjectMatchesController {
  constructor(
    private readonly matches: FindSubjectMatchesQuery,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Possible earlier records of the person being keyed in, with their referrals and outcomes. Each
   * record offered is a read of that person's data and is audited as such; a search that offers
   * nobody is audited once, without a person.
   */
  @Get('matches')
  @Allow('subject:read')
  @ApiOperation({ summary: 'Possible earlier records of the same person (fuzzy names, date of birth)' })
  async find(
    @CurrentPrincipal() principal: Principal,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
    @Query(queryPipe) person: FindSubjectMatchesRequest,
  ): Promise<{ matches: SubjectMatch[] }> {
    const matches = await this.matches.find(principal, person);
    const correlationId = correlationIdOf(request);
    if (matches.length === 0) {
      await this.audit.recordRead(
        principal,
        'subject:read',
        { type: 'subject-search', id: 'no-match' },
        undefined,
        correlationId,
      );
    }
    for (const match of matches) {
      await this.audit.recordRead(
        principal,
        'subject:read',
        { type: 'subject-match', id: match.subjectId },
        match.subjectId,
        correlationId,
      );
    }
    return { matches };
  }
}
