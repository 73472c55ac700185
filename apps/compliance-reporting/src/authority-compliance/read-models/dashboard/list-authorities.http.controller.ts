import { Controller, Get, Query, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@lib/auth';
import { AuthorityDashboardQuery, type AuthorityDashboard } from './authority-dashboard.query.js';
import { ListAuthoritiesRequest } from './list-authorities.request.dto.js';

const queryPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance/authorities')
export class ListAuthoritiesHttpController {
  constructor(private readonly dashboard: AuthorityDashboardQuery) {}

  /** Every specified authority the filters match, with its RAG and overdue reviews. No person named. */
  @Get()
  @Allow('compliance:read')
  @ApiOperation({ summary: 'The compliance dashboard: RAG per authority, overdue reviews, a page at a time' })
  @ApiResponse({ status: 200, description: 'A page of authorities, red first, with totals across the filter' })
  @ApiResponse({ status: 400, description: 'Invalid filter' })
  list(@Query(queryPipe) filters: ListAuthoritiesRequest): Promise<AuthorityDashboard> {
    return this.dashboard.list(filters);
  }
}
