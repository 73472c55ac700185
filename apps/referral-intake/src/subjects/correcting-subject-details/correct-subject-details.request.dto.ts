import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { NewSubjectDto } from '../../referrals/receiving-a-referral/receive-referral.request.dto.js';

/**
 * A correction of some of a subject's details: only the fields given change, each validated as at
 * intake. The reason is required and kept, sealed under the subject's key, in the history.
 */
export class CorrectSubjectDetailsRequest extends PartialType(NewSubjectDto) {
  @ApiProperty({ description: 'Why the details are corrected (kept in the history, sealed as personal data)' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
