import {
  Catch,
  Controller,
  Get,
  Query,
  Req,
  UseFilters,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { AuditLog, InvalidAuditQueryError, type AuditPage } from '../audit-log.port.js';
import { correlationIdOf } from '../correlation-id.js';

@Catch(InvalidAuditQueryError)
class InvalidAuditQueryFilter implements ExceptionFilter {
  catch(error: InvalidAuditQueryError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{
      status(code: number): { type(value: string): { send(body: string): void } };
    }>();
    response
      .status(400)
      .type('application/problem+json')
      .send(JSON.stringify({ type: error.code, title: 'Bad Request', status: 400, detail: error.message }));
  }
}

/**
 * `GET /audit/entries?actor=&person=&from=&to=&limit=&after=`: the administrators' search of
 * the audit log. A search is itself an access to who read a person's data, so it is audited too.
 */
@Controller('audit')
@UseFilters(InvalidAuditQueryFilter)
export class AuditSearchController {
  constructor(private readonly audit: AuditLog) {}

  @Get('entries')
  @Allow('audit:search')
  async search(
    @CurrentPrincipal() principal: Principal,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
    @Query() raw: Record<string, unknown>,
  ): Promise<AuditPage> {
    const query = singleValues(raw);
    const page = await this.audit.search({
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.person ? { person: query.person } : {}),
      ...(query.from ? { from: date('from', query.from) } : {}),
      ...(query.to ? { to: date('to', query.to) } : {}),
      ...(query.limit ? { limit: /^\d+$/.test(query.limit) ? Number(query.limit) : Number.NaN } : {}),
      ...(query.after ? { after: query.after } : {}),
    });
    await this.audit.recordRead(
      principal,
      'audit:search',
      { type: 'audit-search', id: query.actor ? `actor:${query.actor}` : query.person ? 'person' : 'period' },
      query.person,
      correlationIdOf(request),
    );
    return page;
  }
}

const FILTERS = ['actor', 'person', 'from', 'to', 'limit', 'after'] as const;

/** Each filter at most once, as text; an unknown filter is refused rather than silently ignored. */
function singleValues(raw: Record<string, unknown>): Partial<Record<(typeof FILTERS)[number], string>> {
  const query: Partial<Record<(typeof FILTERS)[number], string>> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!(FILTERS as readonly string[]).includes(name)) {
      throw new InvalidAuditQueryError(`${name} is not a filter (use ${FILTERS.join(', ')})`);
    }
    if (typeof value !== 'string') throw new InvalidAuditQueryError(`${name} must be given once`);
    query[name as (typeof FILTERS)[number]] = value;
  }
  return query;
}

function date(name: string, value: string): Date {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new InvalidAuditQueryError(`${name} is not a date`);
  return parsed;
}
