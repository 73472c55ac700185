import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ALL_BENCHMARKS, BENCHMARK_STATUSES, type Benchmark, type BenchmarkStatus } from '../domain/authority.codes.js';

export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The evidence for a status: a reference to a document and a one-line summary of what it shows.
 * **No personal data**: no names, contact details or case details — this service holds none.
 */
export class EvidenceRequest {
  @ApiProperty({ example: 'DOC-2025-014', description: 'Where the document is; no personal data' })
  @IsString()
  @Length(1, 200)
  reference!: string;

  @ApiProperty({
    example: 'Terms of reference and minutes of the last four meetings',
    description: 'What it shows, in a sentence; no personal data',
  })
  @IsString()
  @Length(1, 500)
  summary!: string;
}

/** `POST /compliance/authorities/:id/assessments`: the status of one area the authority is judged on. */
export class AssessAreaRequest {
  @ApiProperty({
    enum: ALL_BENCHMARKS,
    description: 'One of the eight benchmarks (local authorities) or the six core duties (others)',
  })
  @IsIn(ALL_BENCHMARKS)
  benchmark!: Benchmark;

  @ApiProperty({ enum: BENCHMARK_STATUSES })
  @IsIn(BENCHMARK_STATUSES)
  status!: BenchmarkStatus;

  @ApiProperty({ type: EvidenceRequest })
  @ValidateNested()
  @Type(() => EvidenceRequest)
  evidence!: EvidenceRequest;

  @ApiProperty({ example: 'Prevent lead', description: 'The owning post or role title — never a person’s name' })
  @IsString()
  @Length(2, 120)
  owner!: string;

  @ApiProperty({ example: '2025-11-01', description: 'Next review (YYYY-MM-DD), today or later' })
  @IsISO8601({ strict: true })
  @Matches(DAY, { message: 'reviewDue must be a day (YYYY-MM-DD)' })
  reviewDue!: string;

  @ApiProperty({
    example: 'Action plan refreshed after the annual risk assessment',
    description: 'Why the status is what it is; kept in the history. No personal data',
  })
  @IsString()
  @Length(3, 500)
  reason!: string;
}
