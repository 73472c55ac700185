import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { AREA } from '../../channel-cases/opening-a-case/open-case.request.dto.js';

export class ScheduleMeetingRequest {
  @ApiProperty({ example: 'E09000002' })
  @Matches(AREA, { message: 'area must be an ONS local authority code' })
  area!: string;
  @ApiProperty({ example: '2025-04-15T14:00:00.000Z' }) @IsISO8601({ strict: true }) meetingDate!: string;
}
