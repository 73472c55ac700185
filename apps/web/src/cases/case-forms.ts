import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { dateInput } from '../forms/form.js';
import { londonToday } from '../views/format.js';
import {
  AGENCIES,
  ASSESSMENT_TEMPLATE,
  CONCERN_TYPES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_OUTCOMES,
  EXIT_OUTCOMES,
  GENDERS,
  INTERVENTION_TYPES,
  LAWFUL_BASES,
  POST_EXIT_REVIEW_OUTCOMES,
  POST_EXIT_REVIEWS,
  REGIONS,
  REVIEW_DECISIONS,
  RISK_TRENDS,
  SECTORS,
  SESSION_ATTENDANCE,
  type Code,
} from './case-codes.js';
import { CALLER_ID } from './case-panel.js';

const values = (list: readonly Code[]) => list.map((code) => code.value);
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const asList = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

/**
 * A GOV.UK date input's parts (`<name>-day`, `-month`, `-year`) as the ISO date the form class
 * checks: the date, `''` when every part is empty, `'invalid'` otherwise.
 */
export function withDates(body: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  const out = { ...body };
  for (const name of names) out[name] = dateInput(body, name);
  return out;
}

/** A real date (from {@link withDates}); `past` refuses a day after today. */
function IsRealDate(messages: { empty: string; invalid: string; future?: string }): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRealDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          args.value === '' || args.value === undefined
            ? messages.empty
            : args.value === 'invalid'
              ? messages.invalid
              : (messages.future ?? messages.invalid),
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}$/.test(value) &&
          (!messages.future || value <= londonToday()),
      },
    });
}

/** An optional field: checked only when something was typed. */
const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== '');

/** The ETag the form page read, sent back as If-Match. */
export abstract class VersionedForm {
  @Transform(trimmed)
  @IsString()
  etag = '';
}

export class OpenCaseForm {
  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the person’s first name' })
  @MaxLength(200, { message: 'First name must be 200 characters or fewer' })
  givenNames = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the person’s last name' })
  @MaxLength(200, { message: 'Last name must be 200 characters or fewer' })
  familyName = '';

  @IsRealDate({
    empty: 'Enter the person’s date of birth',
    invalid: 'Date of birth must be a real date',
    future: 'Date of birth must be in the past',
  })
  dateOfBirth = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(200, { message: 'Address line 1 must be 200 characters or fewer' })
  addressLine1 = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(200, { message: 'Address line 2 must be 200 characters or fewer' })
  addressLine2 = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(200, { message: 'Town or city must be 200 characters or fewer' })
  townOrCity = '';

  @Transform(trimmed)
  @Optional()
  @Matches(/^[A-Za-z0-9 ]{2,10}$/, { message: 'Enter a real postcode' })
  postcode = '';

  @IsIn(values(GENDERS), { message: 'Select the person’s gender' })
  gender = '';

  @IsIn(values(REGIONS), { message: 'Select the region the person lives in' })
  region = '';

  @IsIn(values(SECTORS), { message: 'Select the sector the concern came from' })
  sector = '';

  @Transform(asList)
  @IsArray()
  @ArrayMinSize(1, { message: 'Select at least one type of concern' })
  @IsIn(values(CONCERN_TYPES), { each: true, message: 'Select at least one type of concern' })
  concernTypes: string[] = [];

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Describe the concern' })
  @MaxLength(20000, { message: 'The concern must be 20,000 characters or fewer' })
  concern = '';

  @Matches(/^[A-Za-z0-9._:-]{8,128}$/, { message: 'This form has expired: open it again' })
  idempotencyKey = '';
}

export class InformationRequestForm extends VersionedForm {
  @Matches(CALLER_ID, { message: 'This form has expired: open it again' })
  requestId = '';

  @IsIn(values(AGENCIES), { message: 'Select the partner agency you are asking' })
  partnerAgency = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the organisation you are asking' })
  @MaxLength(200, { message: 'Organisation must be 200 characters or fewer' })
  organisation = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(200, { message: 'Contact must be 200 characters or fewer' })
  contact = '';

  @IsIn(values(LAWFUL_BASES), { message: 'Select the lawful basis for sharing' })
  lawfulBasis = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter what you are asking for' })
  @MaxLength(20000, { message: 'The request must be 20,000 characters or fewer' })
  request = '';
}

export class InformationAnswerForm extends VersionedForm {
  @IsIn(values(LAWFUL_BASES), { message: 'Select the lawful basis the partner shared it on' })
  lawfulBasis = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the information the partner shared' })
  @MaxLength(50000, { message: 'The information must be 50,000 characters or fewer' })
  information = '';
}

export class ListingForm extends VersionedForm {
  @IsUUID('all', { message: 'Select the meeting to list the case for' })
  meetingId = '';
}

export class AssessmentForm extends VersionedForm {
  @Optional()
  @IsUUID('all', { message: 'Select a meeting the case was listed for, or none' })
  meetingId = '';

  @IsIn(values(ASSESSMENT_TEMPLATE.ratings), { message: 'Select the rating for engagement' })
  engagementRating = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter notes on engagement' })
  @MaxLength(20000, { message: 'Notes on engagement must be 20,000 characters or fewer' })
  engagementNotes = '';

  @IsIn(values(ASSESSMENT_TEMPLATE.ratings), { message: 'Select the rating for intent' })
  intentRating = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter notes on intent' })
  @MaxLength(20000, { message: 'Notes on intent must be 20,000 characters or fewer' })
  intentNotes = '';

  @IsIn(values(ASSESSMENT_TEMPLATE.ratings), { message: 'Select the rating for capability' })
  capabilityRating = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter notes on capability' })
  @MaxLength(20000, { message: 'Notes on capability must be 20,000 characters or fewer' })
  capabilityNotes = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(20000, { message: 'What changed must be 20,000 characters or fewer' })
  whatChanged = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the summary conclusion' })
  @MaxLength(20000, { message: 'The summary conclusion must be 20,000 characters or fewer' })
  summaryConclusion = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(20000, { message: 'The management plan must be 20,000 characters or fewer' })
  managementPlan = '';
}

export class ConsentForm extends VersionedForm {
  @IsIn(values(CONSENT_OUTCOMES), { message: 'Select whether consent was given, refused or withdrawn' })
  outcome = '';

  @IsIn(values(CONSENT_GIVERS), { message: 'Select who gave, refused or withdrew consent' })
  givenBy = '';

  @Transform(trimmed)
  @ValidateIf((form: ConsentForm) => form.givenBy === 'parent-or-guardian')
  @IsNotEmpty({ message: 'Enter the name of the parent or guardian' })
  @MaxLength(200, { message: 'The name must be 200 characters or fewer' })
  consenterName = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(100, { message: 'The relationship must be 100 characters or fewer' })
  consenterRelationship = '';

  @IsRealDate({
    empty: 'Enter the date consent was given, refused or withdrawn',
    invalid: 'The date of consent must be a real date',
    future: 'The date of consent must be today or in the past',
  })
  consentedOn = '';

  @IsIn(values(CONSENT_METHODS), { message: 'Select how consent was given, refused or withdrawn' })
  method = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(20000, { message: 'The capacity consideration must be 20,000 characters or fewer' })
  capacityConsideration = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(20000, { message: 'The view of the risk must be 20,000 characters or fewer' })
  riskView = '';
}

export class InterventionForm extends VersionedForm {
  @Matches(CALLER_ID, { message: 'This form has expired: open it again' })
  interventionId = '';

  @IsIn(values(INTERVENTION_TYPES), { message: 'Select the type of intervention' })
  interventionType = '';

  @IsIn(values(AGENCIES), { message: 'Select the agency that owns the intervention' })
  ownerAgency = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(200, { message: 'Select an intervention provider from the list' })
  providerId = '';

  @IsRealDate({ empty: 'Enter the start date', invalid: 'The start date must be a real date' })
  startDate = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Describe the intervention' })
  @MaxLength(20000, { message: 'The description must be 20,000 characters or fewer' })
  description = '';
}

export class InterventionStatusForm extends VersionedForm {
  @IsIn(['active', 'paused', 'completed', 'stopped'], { message: 'Select what happens to the intervention' })
  status = '';
}

export class SessionForm extends VersionedForm {
  @Matches(CALLER_ID, { message: 'This form has expired: open it again' })
  sessionId = '';

  @IsRealDate({
    empty: 'Enter the date of the session',
    invalid: 'The date of the session must be a real date',
    future: 'The date of the session must be today or in the past',
  })
  sessionDate = '';

  @IsIn(values(SESSION_ATTENDANCE), { message: 'Select whether the person attended' })
  attendance = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter notes on the session' })
  @MaxLength(20000, { message: 'The notes must be 20,000 characters or fewer' })
  notes = '';
}

export class ProgressForm extends VersionedForm {
  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the progress made' })
  @MaxLength(20000, { message: 'The progress must be 20,000 characters or fewer' })
  progress = '';
}

export class ReviewForm extends VersionedForm {
  @IsUUID('all', { message: 'Select the meeting the case was reviewed at' })
  meetingId = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the progress since the last review' })
  @MaxLength(20000, { message: 'The progress must be 20,000 characters or fewer' })
  progress = '';

  @IsIn(values(RISK_TRENDS), { message: 'Select the risk now' })
  riskNow = '';

  @IsIn(values(REVIEW_DECISIONS), { message: 'Select whether to continue support or prepare for exit' })
  decision = '';
}

export class ExitForm extends VersionedForm {
  @IsIn(values(EXIT_OUTCOMES), { message: 'Select the exit outcome' })
  exitOutcome = '';

  @IsRealDate({
    empty: 'Enter the date the person left Channel',
    invalid: 'The exit date must be a real date',
    future: 'The exit date must be today or in the past',
  })
  exitedOn = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the closing report' })
  @MaxLength(50000, { message: 'The closing report must be 50,000 characters or fewer' })
  closingReport = '';

  @Transform(trimmed)
  @ValidateIf(
    (form: ExitForm, value: unknown) =>
      form.exitOutcome === 'concerns-remain-passed-to-police' || (value !== undefined && value !== ''),
  )
  @IsNotEmpty({ message: 'Enter the panel’s view of the risk passed to the police' })
  @MaxLength(20000, { message: 'The view of the risk must be 20,000 characters or fewer' })
  riskView = '';
}

export class PostExitReviewForm extends VersionedForm {
  @IsIn(values(POST_EXIT_REVIEWS), { message: 'Select which review this is' })
  review = '';

  @IsIn(values(POST_EXIT_REVIEW_OUTCOMES), { message: 'Select the outcome of the review' })
  outcome = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter notes on the review' })
  @MaxLength(20000, { message: 'The notes must be 20,000 characters or fewer' })
  notes = '';
}

export class TransferForm extends VersionedForm {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsNotEmpty({ message: 'Enter the area the case moves to' })
  @Matches(/^(E0[6-9]|W06)[0-9]{6}$/, {
    message: 'Enter the area as an ONS local authority code, like E09000030',
  })
  toArea = '';

  @IsIn(values(REGIONS), { message: 'Select the region of the new area' })
  toRegion = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter why the case is transferred' })
  @MaxLength(5000, { message: 'The reason must be 5,000 characters or fewer' })
  reason = '';
}

export class PersonalDetailsForm extends VersionedForm {
  @Transform(trimmed)
  @ValidateIf((form: PersonalDetailsForm) => form.givenNames !== '' || form.familyName !== '')
  @IsNotEmpty({ message: 'Enter the first name as well as the last name' })
  @MaxLength(200, { message: 'First name must be 200 characters or fewer' })
  givenNames = '';

  @Transform(trimmed)
  @ValidateIf((form: PersonalDetailsForm) => form.givenNames !== '' || form.familyName !== '')
  @IsNotEmpty({ message: 'Enter the last name as well as the first name' })
  @MaxLength(200, { message: 'Last name must be 200 characters or fewer' })
  familyName = '';

  @Optional()
  @IsRealDate({
    empty: 'Enter the date of birth',
    invalid: 'Date of birth must be a real date',
    future: 'Date of birth must be in the past',
  })
  dateOfBirth = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(200, { message: 'Address line 1 must be 200 characters or fewer' })
  addressLine1 = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(200, { message: 'Address line 2 must be 200 characters or fewer' })
  addressLine2 = '';

  @Transform(trimmed)
  @Optional()
  @MaxLength(200, { message: 'Town or city must be 200 characters or fewer' })
  townOrCity = '';

  @Transform(trimmed)
  @Optional()
  @Matches(/^[A-Za-z0-9 ]{2,10}$/, { message: 'Enter a real postcode' })
  postcode = '';

  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the reason for the correction and where it comes from' })
  @MaxLength(5000, { message: 'The reason must be 5,000 characters or fewer' })
  reason = '';
}

export class ReturnToPoliceForm extends VersionedForm {
  @Transform(trimmed)
  @IsNotEmpty({ message: 'Enter the panel’s view of the risk' })
  @MaxLength(20000, { message: 'The view of the risk must be 20,000 characters or fewer' })
  riskView = '';
}
