import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { AGENCIES, type Agency } from '../../channel-cases/domain/channel-case.events.js';
import { ATTENDANCE_ROLES, type AttendanceRole } from '../domain/panel-meeting.events.js';

export class AttendeeDto {
  @ApiProperty({ enum: AGENCIES }) @IsIn(AGENCIES) agency!: Agency;
  @ApiProperty({ enum: ATTENDANCE_ROLES }) @IsIn(ATTENDANCE_ROLES) role!: AttendanceRole;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) userId?: string;
}

export class RecordAttendanceRequest {
  @ApiProperty({ type: [AttendeeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees!: AttendeeDto[];
}

export class RecordMinutesRequest {
  @ApiProperty({ description: 'Sealed under the meeting’s key; write about a person on their case' })
  @IsString()
  @Length(1, 100000)
  minutes!: string;
}

export class CancelMeetingRequest {
  @ApiProperty({ example: 'chair-unavailable' }) @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/) reason!: string;
}
