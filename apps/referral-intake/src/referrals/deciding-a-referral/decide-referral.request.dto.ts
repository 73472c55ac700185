import { REFERRAL_OUTCOMES, type ReferralOutcome } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CodedValuesDto } from '../receiving-a-referral/receive-referral.request.dto.js';

export class DecideReferralRequest {
  @ApiProperty({ enum: REFERRAL_OUTCOMES }) @IsIn(REFERRAL_OUTCOMES) outcome!: ReferralOutcome;
  @ApiPropertyOptional({ type: CodedValuesDto, description: 'With signposted: the services' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CodedValuesDto)
  signpostedTo?: CodedValuesDto;
  @ApiPropertyOptional({ description: 'With signposted, for a child: a parallel MASH referral' })
  @IsOptional()
  @IsBoolean()
  mashReferral?: boolean;
  @ApiPropertyOptional({ description: 'With referred-to-channel: the area whose panel receives it' })
  @IsOptional()
  @Matches(/^(E0[6-9]|W06)[0-9]{6}$/)
  channelArea?: string;
  @ApiProperty({ description: 'Why: always required' }) @IsString() @Length(1, 20000) rationale!: string;
}

export class SignOffDecisionRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 20000) comment?: string;
}
