import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  AGENCIES,
  INTERVENTION_STATUSES,
  INTERVENTION_TYPES,
  SESSION_ATTENDANCE,
  type Agency,
  type InterventionStatus,
  type InterventionType,
  type SessionAttendance,
} from '../domain/channel-case.events.js';

const ID = /^[A-Za-z0-9._:-]{1,80}$/;

export class PlanInterventionRequest {
  @ApiProperty({ description: 'Chosen by the caller' }) @Matches(ID) interventionId!: string;
  @ApiProperty({ enum: INTERVENTION_TYPES, description: 'From the code list intervention-types-2024' })
  @IsIn(INTERVENTION_TYPES)
  interventionType!: InterventionType;
  @ApiProperty({ enum: AGENCIES }) @IsIn(AGENCIES) ownerAgency!: Agency;
  @ApiPropertyOptional({ description: 'The intervention provider’s user id: assigns them to the case' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  providerId?: string;
  @ApiProperty({ example: '2025-05-01' }) @IsISO8601({ strict: true }) @Length(10, 10) startDate!: string;
  @ApiProperty() @IsString() @Length(1, 20000) description!: string;
}

const CHANGES = INTERVENTION_STATUSES.filter((status) => status !== 'planned') as Exclude<
  InterventionStatus,
  'planned'
>[];

export class ChangeInterventionStatusRequest {
  @ApiProperty({ enum: CHANGES }) @IsIn(CHANGES) status!: Exclude<InterventionStatus, 'planned'>;
}

export class RecordSessionRequest {
  @ApiProperty({ description: 'Chosen by the caller; a session recorded twice is recorded once' })
  @Matches(ID)
  sessionId!: string;
  @ApiProperty({ example: '2025-05-08' }) @IsISO8601({ strict: true }) @Length(10, 10) sessionDate!: string;
  @ApiProperty({ enum: SESSION_ATTENDANCE }) @IsIn(SESSION_ATTENDANCE) attendance!: SessionAttendance;
  @ApiProperty() @IsString() @Length(1, 20000) notes!: string;
}

export class RecordProgressRequest {
  @ApiProperty() @IsString() @Length(1, 20000) progress!: string;
}
