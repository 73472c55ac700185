import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { DAY } from '../assessing-an-area/assess-area.request.dto.js';

/** `POST /compliance/authorities/:id/assurance-statements`: a local authority's annual Channel assurance statement. */
export class SubmitAssuranceStatementRequest {
  @ApiProperty({ example: '2024/25', description: 'The financial year (April to March) it covers' })
  @Matches(/^\d{4}\/\d{2}$/, { message: 'year must be a financial year such as 2024/25' })
  year!: string;

  @ApiProperty({ example: '2025-04-20', description: 'The day it was submitted to the Home Office (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  @Matches(DAY, { message: 'submittedOn must be a day (YYYY-MM-DD)' })
  submittedOn!: string;
}
