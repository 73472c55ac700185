import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SECTORS } from '@lib/contracts';
import { REFERRAL_STATUSES, type ReferralStatus } from './referral-list.row.js';

export const QUEUE_SORTS = ['age', 'received'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** `GET /referrals?status=&officer=&area=&sector=&concernType=&overdue=&sort=&limit=&offset=` */
export class ListReferralsRequest {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;

  @ApiPropertyOptional({ description: 'The assigned officer’s user id.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  officer?: string;

  @ApiPropertyOptional({ description: 'Local authority area (ONS GSS code); only areas you may see.' })
  @IsOptional()
  @Matches(/^[EW]\d{8}$/)
  area?: string;

  @ApiPropertyOptional({ enum: SECTORS })
  @IsOptional()
  @IsIn(SECTORS)
  sector?: string;

  @ApiPropertyOptional({ description: 'A type-of-concern code (`islamist`).' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  @MaxLength(80)
  concernType?: string;

  @ApiPropertyOptional({ description: 'Only referrals past the allowed working days without a decision (or not).' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: QUEUE_SORTS, description: '`age`: oldest first (default); `received`: newest first.' })
  @IsOptional()
  @IsIn(QUEUE_SORTS)
  sort?: QueueSort;

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
