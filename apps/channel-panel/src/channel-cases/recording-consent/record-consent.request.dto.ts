import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  type ConsentGiver,
  type ConsentMethod,
} from '../domain/channel-case.events.js';

/** Consent to support (given or refused), or its withdrawal. */
export class RecordConsentRequest {
  @ApiProperty({ enum: ['given', 'refused', 'withdrawn'] }) @IsIn(['given', 'refused', 'withdrawn']) outcome!:
    'given' | 'refused' | 'withdrawn';
  @ApiProperty({ enum: CONSENT_GIVERS }) @IsIn(CONSENT_GIVERS) givenBy!: ConsentGiver;
  @ApiPropertyOptional({ description: 'The parent or guardian’s name (sealed)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  consenterName?: string;
  @ApiPropertyOptional({ example: 'mother' }) @IsOptional() @IsString() @Length(1, 100) consenterRelationship?: string;
  @ApiProperty({ example: '2025-04-20', description: 'The day consent was given, refused or withdrawn' })
  @IsISO8601({ strict: true })
  @Length(10, 10)
  consentedOn!: string;
  @ApiProperty({ enum: CONSENT_METHODS }) @IsIn(CONSENT_METHODS) method!: ConsentMethod;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 20000) capacityConsideration?: string;
  @ApiPropertyOptional({ description: 'With refused or withdrawn: the panel’s view of the risk' })
  @IsOptional()
  @IsString()
  @Length(1, 20000)
  riskView?: string;
}
