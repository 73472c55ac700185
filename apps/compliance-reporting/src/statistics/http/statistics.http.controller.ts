import { Controller, Get, Header, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { InvalidRequestError } from '@lib/platform';
import type { StatisticsQuery } from '../statistics-table.js';
import { InvalidStatisticsQueryError, StatisticsTables } from '../statistics-tables.js';
import { suppressStatisticsTable, type PublishedStatisticsTable } from '../suppression/suppress-statistics-table.js';
import { statisticsCsv } from './statistics-csv.js';
import { requestedPeriod } from './statistics-period.js';
import { statisticsScope } from './statistics-scope.js';
import { StatisticsSuppressionConfig } from './statistics-suppression.config.js';
import { StatisticsRequest } from './statistics.request.dto.js';

/** The answer of `GET /statistics`: the query as read, the suppression rule and the suppressed tables. */
export interface StatisticsAnswer {
  readonly period: { readonly from: string; readonly to: string };
  readonly region: string | null;
  readonly area: string | null;
  readonly ageBanding: 'current' | 'older';
  readonly concernCodeList: string | null;
  readonly suppression: {
    readonly threshold: number;
    readonly marker: { readonly suppressed: true };
    readonly rule: string;
  };
  /** Tables this caller may not have for this query (the table by local authority area). */
  readonly withheldTables: readonly string[];
  readonly tables: readonly PublishedStatisticsTable[];
}

interface HttpResponse {
  type(value: string): HttpResponse;
  setHeader(name: string, value: string): void;
}

const wantsCsv = (accept: string | string[] | undefined) =>
  /\btext\/csv\b/.test(Array.isArray(accept) ? accept.join(',') : (accept ?? ''));

@ApiTags('statistics')
@Controller()
export class StatisticsController {
  constructor(
    @Inject(StatisticsTables) private readonly statistics: StatisticsTables,
    @Inject(StatisticsSuppressionConfig) private readonly suppression: StatisticsSuppressionConfig,
  ) {}

  /**
   * The release's tables for a period, small numbers suppressed here (ADR 095), for the areas the
   * caller may see (ADR 096). JSON, or CSV when the caller accepts `text/csv`.
   */
  @Get('statistics')
  @Allow('statistics:read')
  @ApiOperation({
    summary: 'Statistics tables for a financial year, a quarter or any period; small numbers suppressed',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'Every table, each suppressed cell `{ "suppressed": true }` (`c` in CSV)' })
  @ApiResponse({ status: 400, description: 'No period, more than one, or a malformed filter (request.invalid)' })
  @ApiResponse({
    status: 403,
    description: 'Another local authority area than your own (statistics.area-outside-reach)',
  })
  async statisticsTables(
    @CurrentPrincipal() principal: Principal,
    @Query() request: StatisticsRequest,
    @Req() http: { headers: Record<string, string | string[] | undefined> },
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<StatisticsAnswer | string> {
    const answer = await this.answer(principal, request);
    if (!wantsCsv(http.headers.accept)) return answer;
    this.csvHeaders(response, answer);
    return statisticsCsv(answer.tables, answer.suppression.threshold);
  }

  @Get('statistics.csv')
  @Allow('statistics:read')
  @ApiOperation({ summary: 'The same tables as one CSV: a line per figure, `c` where suppressed' })
  @ApiProduces('text/csv')
  @Header('cache-control', 'no-store')
  @ApiResponse({ status: 400, description: 'No period, more than one, or a malformed filter (request.invalid)' })
  @ApiResponse({
    status: 403,
    description: 'Another local authority area than your own (statistics.area-outside-reach)',
  })
  async statisticsCsv(
    @CurrentPrincipal() principal: Principal,
    @Query() request: StatisticsRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<string> {
    const answer = await this.answer(principal, request);
    this.csvHeaders(response, answer);
    return statisticsCsv(answer.tables, answer.suppression.threshold);
  }

  private csvHeaders(response: HttpResponse, answer: StatisticsAnswer): void {
    response.type('text/csv; charset=utf-8');
    const scope = answer.area ?? answer.region ?? 'england-and-wales';
    response.setHeader(
      'content-disposition',
      `attachment; filename="prevent-statistics-${scope}-${answer.period.from}-to-${answer.period.to}.csv"`,
    );
  }

  private async answer(principal: Principal, request: StatisticsRequest): Promise<StatisticsAnswer> {
    const period = requestedPeriod(request);
    if (Array.isArray(period)) throw new InvalidRequestError(period);
    const scope = statisticsScope(principal, { area: request.area });
    const query: StatisticsQuery = {
      from: period.from,
      to: period.to,
      ...(request.region ? { region: request.region } : {}),
      ...(request.area ? { area: request.area } : {}),
      ...(request.ageBanding ? { ageBanding: request.ageBanding } : {}),
      ...(request.concernCodeList ? { concernCodeList: request.concernCodeList } : {}),
    };
    let tables;
    try {
      tables = await this.statistics.tables(query);
    } catch (error) {
      if (error instanceof InvalidStatisticsQueryError) {
        throw new InvalidRequestError([{ field: 'query', messages: [error.message] }]);
      }
      throw error;
    }
    const visible = tables.filter((table) => !scope.withheldTables.includes(table.id));
    if (request.table !== undefined && !visible.some((table) => table.id === request.table)) {
      throw new InvalidRequestError([
        { field: 'table', messages: [`table must be one of ${visible.map((table) => table.id).join(', ')}`] },
      ]);
    }
    const { threshold } = this.suppression;
    return {
      period,
      region: request.region ?? null,
      area: request.area ?? null,
      ageBanding: request.ageBanding ?? 'current',
      concernCodeList: request.concernCodeList ?? null,
      suppression: {
        threshold,
        marker: { suppressed: true },
        rule:
          `Counts from 1 to ${threshold - 1} are suppressed, and further cells so that none can be worked back ` +
          `from the totals; zeros are shown; rates and durations over fewer than ${threshold} are suppressed.`,
      },
      withheldTables: scope.withheldTables.filter((id) => tables.some((table) => table.id === id)),
      tables: visible
        .filter((table) => request.table === undefined || table.id === request.table)
        .map((table) => suppressStatisticsTable(table, { threshold })),
    };
  }
}
