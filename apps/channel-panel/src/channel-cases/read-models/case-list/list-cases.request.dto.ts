import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from './case-list.row.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** `GET /cases?status=&area=&meeting=&adopted=&overdueReview=&stalledIntervention=&limit=&offset=` */
export class ListCasesRequest {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'Local authority area (ONS GSS code); only areas you may see.' })
  @IsOptional()
  @Matches(/^[EW]\d{8}$/)
  area?: string;

  @ApiPropertyOptional({ description: 'Only cases listed for this panel meeting.' })
  @IsOptional()
  @IsUUID()
  meeting?: string;

  @ApiPropertyOptional({ description: 'Only cases the panel adopted (whatever happened after), or never adopted.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  adopted?: boolean;

  @ApiPropertyOptional({
    description: 'Only adopted cases whose review was missed at a meeting of their area (or not).',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdueReview?: boolean;

  @ApiPropertyOptional({ description: 'Only adopted cases with a stalled intervention (or not).' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  stalledIntervention?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
