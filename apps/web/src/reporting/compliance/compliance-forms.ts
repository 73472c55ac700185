import { REGIONS } from '@lib/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min, type ValidationArguments } from 'class-validator';
import { AUTHORITY_TYPES, BENCHMARK_STATUSES, STAFF_GROUPS } from './compliance-codes.js';

const GSS = /^[EW]\d{8}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const dateMessage = (empty: string, invalid: string) => (args: ValidationArguments) =>
  args.value === '' ? empty : invalid;

/** Registering a specified authority (an organisation; never a person). */
export class RegisterAuthorityForm {
  @IsString()
  @Length(2, 200, { message: 'Enter the authority’s name, from 2 to 200 characters' })
  name = '';

  @IsIn(AUTHORITY_TYPES.map((type) => type.value), { message: 'Select the type of authority' })
  type = '';

  @Matches(GSS, { message: 'Enter the local authority area as an ONS code, like E08000025' })
  area = '';

  @IsIn(REGIONS, { message: 'Select the region' })
  region = '';
}

/** Recording the status of one area an authority is judged on, with its evidence. */
export class AssessmentForm {
  @IsString()
  @Length(1, 100, { message: 'Select the area you are assessing' })
  benchmark = '';

  @IsIn(BENCHMARK_STATUSES.map((status) => status.value), { message: 'Select whether the area is met' })
  status = '';

  @IsString()
  @Length(1, 200, { message: 'Enter the evidence reference, up to 200 characters' })
  evidenceReference = '';

  @IsString()
  @Length(1, 500, { message: 'Enter what the evidence shows, up to 500 characters' })
  evidenceSummary = '';

  @IsString()
  @Length(2, 120, { message: 'Enter the post that owns this area, from 2 to 120 characters' })
  owner = '';

  @Matches(DAY, { message: dateMessage('Enter the date of the next review', 'The review date must be a real date') })
  reviewDue = '';

  @IsString()
  @Length(3, 500, { message: 'Enter why the area has this status, from 3 to 500 characters' })
  reason = '';
}

/**
 * Recording people trained against staff in post, for one group of staff. class-validator runs a
 * property's rules from the last decorator up, so the whole-number rule (the first to tell) is last.
 */
export class TrainingForm {
  @IsIn(STAFF_GROUPS.map((group) => group.value), { message: 'Select the group of staff' })
  staffGroup = '';

  @Type(() => Number)
  @Max(1_000_000, { message: 'The number of people trained must be 1,000,000 or fewer' })
  @Min(0, { message: 'The number of people trained must be 0 or more' })
  @IsInt({ message: 'Enter the number of people trained as a whole number, like 180' })
  trained = Number.NaN;

  @Type(() => Number)
  @Max(1_000_000, { message: 'The number of staff in post must be 1,000,000 or fewer' })
  @Min(0, { message: 'The number of staff in post must be 0 or more' })
  @IsInt({ message: 'Enter the number of staff in post as a whole number, like 240' })
  inPost = Number.NaN;

  @Matches(DAY, { message: dateMessage('Enter the date the counts are as of', 'The date must be a real date') })
  asOf = '';
}

/** Recording a local authority's annual Channel assurance statement. */
export class AssuranceStatementForm {
  @Matches(/^\d{4}\/\d{2}$/, { message: 'Enter the financial year like 2025/26' })
  year = '';

  @Matches(DAY, {
    message: dateMessage('Enter the date it was submitted', 'The date it was submitted must be a real date'),
  })
  submittedOn = '';
}
