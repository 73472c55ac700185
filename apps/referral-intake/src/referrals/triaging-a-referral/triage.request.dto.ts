import { SECTORS, type Sector } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { DECONFLICTION_RESULTS, type DeconflictionResult } from '../domain/referral.commands.js';
import { LAWFUL_BASES, type LawfulBasis } from '../domain/referral.events.js';

export class AssignOfficerRequest {
  @ApiProperty({ description: 'The officer’s user id' }) @IsString() @Length(1, 200) officerId!: string;
}

export class RecordDeconflictionRequest {
  @ApiProperty({ enum: DECONFLICTION_RESULTS }) @IsIn(DECONFLICTION_RESULTS) result!: DeconflictionResult;
}

export class RequestInformationRequest {
  @ApiProperty({ description: 'Chosen by the caller; names the request when its reply comes' })
  @Matches(/^[A-Za-z0-9._:-]{1,80}$/)
  requestId!: string;
  @ApiProperty({ enum: SECTORS }) @IsIn(SECTORS) partnerSector!: Sector;
  @ApiProperty() @IsString() @Length(1, 200) organisation!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) contact?: string;
  @ApiProperty({ enum: LAWFUL_BASES }) @IsIn(LAWFUL_BASES) lawfulBasis!: LawfulBasis;
  @ApiProperty() @IsString() @Length(1, 20000) request!: string;
}

export class RecordInformationReceivedRequest {
  @ApiProperty({ enum: LAWFUL_BASES }) @IsIn(LAWFUL_BASES) lawfulBasis!: LawfulBasis;
  @ApiProperty() @IsString() @Length(1, 50000) information!: string;
}

export class AssessmentAnswerDto {
  @ApiProperty({ example: 'engagement' }) @IsString() @Length(1, 80) dimension!: string;
  @ApiProperty({ example: 'medium' }) @IsString() @Length(1, 80) rating!: string;
  @ApiProperty() @IsString() @Length(1, 20000) notes!: string;
}

export class RecordGatewayAssessmentRequest {
  @ApiProperty({ example: 'engagement-intent-capability' }) @IsString() @Length(1, 80) templateId!: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) templateVersion!: number;
  @ApiProperty({ type: [AssessmentAnswerDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => AssessmentAnswerDto)
  answers!: AssessmentAnswerDto[];
  @ApiProperty() @IsString() @Length(1, 20000) summary!: string;
}
