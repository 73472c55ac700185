import { NOT_ADOPTED_OUTCOMES, type NotAdoptedOutcome } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { REVIEW_DECISIONS, RISK_TRENDS, type ReviewDecision, type RiskTrend } from '../domain/channel-case.events.js';
import { CodedValuesDto } from '../opening-a-case/open-case.request.dto.js';

export const DECISIONS = ['adopt', 'not-adopted', 'defer'] as const;

export class DecideCaseRequest {
  @ApiProperty({ description: 'The quorate meeting of the case’s area that has it on its agenda' })
  @IsUUID()
  meetingId!: string;
  @ApiProperty({ enum: DECISIONS }) @IsIn(DECISIONS) decision!: (typeof DECISIONS)[number];
  @ApiPropertyOptional({ enum: NOT_ADOPTED_OUTCOMES, description: 'With not-adopted' })
  @IsOptional()
  @IsIn(NOT_ADOPTED_OUTCOMES)
  outcome?: NotAdoptedOutcome;
  @ApiPropertyOptional({ type: CodedValuesDto, description: 'With referred-to-other-services' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CodedValuesDto)
  referredTo?: CodedValuesDto;
  @ApiProperty() @IsString() @Length(1, 20000) rationale!: string;
  @ApiPropertyOptional({ description: 'With returned-to-police: the panel’s view of the risk' })
  @IsOptional()
  @IsString()
  @Length(1, 20000)
  riskView?: string;
}

export class ReviewCaseRequest {
  @ApiProperty() @IsUUID() meetingId!: string;
  @ApiProperty() @IsString() @Length(1, 20000) progress!: string;
  @ApiProperty({ enum: RISK_TRENDS }) @IsIn(RISK_TRENDS) riskNow!: RiskTrend;
  @ApiProperty({ enum: REVIEW_DECISIONS }) @IsIn(REVIEW_DECISIONS) decision!: ReviewDecision;
}
