import {
  EXIT_OUTCOMES,
  POST_EXIT_REVIEWS,
  POST_EXIT_REVIEW_OUTCOMES,
  type ExitOutcome,
  type PostExitReview,
  type PostExitReviewOutcome,
} from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';

export class ExitCaseRequest {
  @ApiProperty({ enum: EXIT_OUTCOMES }) @IsIn(EXIT_OUTCOMES) exitOutcome!: ExitOutcome;
  @ApiProperty({ example: '2025-11-30' }) @IsISO8601({ strict: true }) @Length(10, 10) exitedOn!: string;
  @ApiProperty() @IsString() @Length(1, 50000) closingReport!: string;
  @ApiPropertyOptional({ description: 'With concerns-remain-passed-to-police' })
  @IsOptional()
  @IsString()
  @Length(1, 20000)
  riskView?: string;
}

export class RecordPostExitReviewRequest {
  @ApiProperty({ enum: POST_EXIT_REVIEWS }) @IsIn(POST_EXIT_REVIEWS) review!: PostExitReview;
  @ApiProperty({ enum: POST_EXIT_REVIEW_OUTCOMES }) @IsIn(POST_EXIT_REVIEW_OUTCOMES) outcome!: PostExitReviewOutcome;
  @ApiProperty() @IsString() @Length(1, 20000) notes!: string;
}

export class ReturnToPoliceRequest {
  @ApiProperty({ description: 'The panel’s view of the risk' }) @IsString() @Length(1, 20000) riskView!: string;
}
