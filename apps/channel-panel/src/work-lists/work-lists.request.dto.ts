import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** A page of a work list, as `GET /cases`: `limit` (1 to 100, 25 unless told) from `offset` (0 unless told). */
export class WorkListPageRequest {
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

/** `GET /work-lists/next-meeting?area=&limit=&offset=` */
export class NextMeetingRequest extends WorkListPageRequest {
  @ApiPropertyOptional({ description: 'Local authority area (ONS GSS code); defaults to your own.' })
  @IsOptional()
  @Matches(/^[EW]\d{8}$/)
  area?: string;
}

/** `GET /work-lists/reviews?state=&limit=&offset=` and `GET /work-lists/post-exit-reviews?state=&limit=&offset=` */
export class DueStateRequest extends WorkListPageRequest {
  @ApiPropertyOptional({ enum: ['due', 'overdue'], description: 'Only those due, or only those overdue.' })
  @IsOptional()
  @IsIn(['due', 'overdue'])
  state?: 'due' | 'overdue';
}
