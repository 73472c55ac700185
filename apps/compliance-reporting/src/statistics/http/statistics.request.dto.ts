import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { REGIONS } from '@lib/contracts';

/**
 * `GET /statistics` (and `/statistics.csv`): one period — `financialYear`, `quarter`, or `from`
 * and `to` — and optional filters.
 */
export class StatisticsRequest {
  @ApiPropertyOptional({
    description: 'A financial year, April to March: `2024-25` (or `2024/25`).',
    example: '2024-25',
  })
  @IsOptional()
  @Matches(/^\d{4}[-/]\d{2}$/, { message: 'financialYear must look like 2024-25' })
  financialYear?: string;

  @ApiPropertyOptional({
    description:
      'A quarter of a financial year, named by the year it starts in: `2024-Q1` is April–June 2024, ' +
      '`2024-Q3` October–December 2024, `2024-Q4` January–March 2025.',
    example: '2024-Q3',
  })
  @IsOptional()
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'quarter must look like 2024-Q3' })
  quarter?: string;

  @ApiPropertyOptional({
    description: 'The first day of a period (ISO date, inclusive); with `to`.',
    example: '2024-04-01',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be an ISO date (YYYY-MM-DD)' })
  from?: string;

  @ApiPropertyOptional({
    description: 'The day after a period (ISO date, exclusive); with `from`.',
    example: '2025-04-01',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be an ISO date (YYYY-MM-DD)' })
  to?: string;

  @ApiPropertyOptional({ enum: REGIONS, description: 'One English region or Wales (ONS GSS code).' })
  @IsOptional()
  @IsIn(REGIONS)
  region?: string;

  @ApiPropertyOptional({
    description: 'One local authority area (ONS GSS code): your own area, or any for administrators.',
    example: 'E08000025',
  })
  @IsOptional()
  @Matches(/^[EW]\d{8}$/, { message: 'area must be an ONS GSS code such as E08000025' })
  area?: string;

  @ApiPropertyOptional({ enum: ['current', 'older'], description: 'The age banding; default current.' })
  @IsOptional()
  @IsIn(['current', 'older'])
  ageBanding?: 'current' | 'older';

  @ApiPropertyOptional({
    description: 'The type-of-concern code-list version to show every referral in; default the latest.',
  })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'concernCodeList must be a code-list version such as concern-types-2024' })
  concernCodeList?: string;

  @ApiPropertyOptional({
    description: 'Only this table (its id, e.g. `sector`); default every table.',
    example: 'sector',
  })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'table must be a table id such as sector' })
  table?: string;
}
