import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

/** `GET /work-lists/next-meeting?area=` */
export class NextMeetingRequest {
  @ApiPropertyOptional({ description: 'Local authority area (ONS GSS code); defaults to your own.' })
  @IsOptional()
  @Matches(/^[EW]\d{8}$/)
  area?: string;
}

/** `GET /work-lists/reviews?state=` and `GET /work-lists/post-exit-reviews?state=` */
export class DueStateRequest {
  @ApiPropertyOptional({ enum: ['due', 'overdue'], description: 'Only those due, or only those overdue.' })
  @IsOptional()
  @IsIn(['due', 'overdue'])
  state?: 'due' | 'overdue';
}
