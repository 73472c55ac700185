import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';
import { STAFF_GROUPS, type StaffGroup } from '../domain/authority.codes.js';
import { DAY } from '../assessing-an-area/assess-area.request.dto.js';

/** `POST /compliance/authorities/:id/training`: counts for one group of staff. Counts only: nobody is named. */
export class RecordTrainingRequest {
  @ApiProperty({ enum: STAFF_GROUPS })
  @IsIn(STAFF_GROUPS)
  staffGroup!: StaffGroup;

  @ApiProperty({ example: 180, description: 'People of the group trained in Prevent' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  trained!: number;

  @ApiProperty({ example: 240, description: 'People of the group in post' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  inPost!: number;

  @ApiProperty({ example: '2025-04-30', description: 'The day the counts are as of (YYYY-MM-DD), not after today' })
  @IsISO8601({ strict: true })
  @Matches(DAY, { message: 'asOf must be a day (YYYY-MM-DD)' })
  asOf!: string;
}
