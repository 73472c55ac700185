import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';

export class AssessmentAnswerDto {
  @ApiProperty({ example: 'engagement' }) @IsString() @Length(1, 80) dimension!: string;
  @ApiProperty({ example: 'medium' }) @IsString() @Length(1, 80) rating!: string;
  @ApiProperty() @IsString() @Length(1, 20000) notes!: string;
}

/** An assessment against the current version of a template; later ones say what changed and the management plan. */
export class RecordAssessmentRequest {
  @ApiProperty({ example: 'engagement-intent-capability' }) @IsString() @Length(1, 80) templateId!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() meetingId?: string;
  @ApiProperty({ type: [AssessmentAnswerDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => AssessmentAnswerDto)
  answers!: AssessmentAnswerDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 20000) whatChanged?: string;
  @ApiProperty() @IsString() @Length(1, 20000) summaryConclusion!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 20000) managementPlan?: string;
}
