import { GENDERS, REGIONS, SECTORS, WITHDRAWAL_REASONS } from '@lib/contracts';
import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayMinSize,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  validate,
  ValidateIf,
  type ValidationError,
} from 'class-validator';
import { type Checked, formErrors, isoDate } from '../forms/form.js';
import {
  AREA_PATTERN,
  ASSESSMENT_TEMPLATE,
  CONCERN_TYPE_OPTIONS,
  DECISION_OUTCOMES,
  DECONFLICTION_OPTIONS,
  LAWFUL_BASIS_OPTIONS,
  SIGNPOSTING_OPTIONS,
  SUBJECT_AWARENESS_OPTIONS,
} from './referral-codes.js';

/**
 * The referral pages' forms, each a class-validator class with messages written for the user.
 * Text is trimmed and an empty answer is no answer, so optional fields may be left blank.
 */
const Text = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : value,
  );
/** Checkboxes: none ticked sends nothing, one sends a string, several an array. */
const List = () =>
  Transform(({ value }: { value: unknown }) =>
    value === undefined || value === ''
      ? []
      : (Array.isArray(value) ? value : [value]).filter((item) => typeof item === 'string' && item !== ''),
  );

const values = (options: readonly { value: string }[]) => options.map((option) => option.value);

export interface Failure {
  readonly field: string;
  readonly message: string;
}

/**
 * Checks a posted form against one or more classes (a page may show several groups of
 * questions) and extra checks (a date's three parts), and lists the problems in the order the
 * fields appear on the page.
 */
export async function checkAnswers<T extends object>(
  types: readonly (new () => object)[],
  body: unknown,
  options: {
    order?: readonly string[];
    extra?: (raw: Record<string, unknown>) => Failure[];
    fieldIds?: Readonly<Record<string, string>>;
  } = {},
): Promise<Checked<T>> {
  const raw = (body ?? {}) as Record<string, unknown>;
  const failures: Failure[] = [];
  const value: Record<string, unknown> = {};
  for (const type of types) {
    const instance = plainToInstance(type, raw, { exposeDefaultValues: true });
    const errors = await validate(instance, { forbidUnknownValues: false, whitelist: true, stopAtFirstError: true });
    failures.push(...flatten(errors));
    Object.assign(value, instance);
  }
  failures.push(...(options.extra?.(raw) ?? []));
  if (failures.length === 0) return { ok: true, value: value as T };
  const order = options.order ?? [];
  const position = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const sorted = failures
    .map((failure, index) => ({ failure, index }))
    .sort((a, b) => position(a.failure.field) - position(b.failure.field) || a.index - b.index)
    .map(({ failure }) => failure);
  return { ok: false, errors: formErrors(sorted, options.fieldIds) };
}

function flatten(errors: readonly ValidationError[]): Failure[] {
  return errors.flatMap((error) =>
    error.constraints ? [{ field: error.property, message: Object.values(error.constraints)[0] ?? 'Check this' }] : [],
  );
}

/** A GOV.UK date input's problem: missing parts, not a real date, or in the future. */
export function dateProblem(
  raw: Record<string, unknown>,
  prefix: string,
  what: string,
  required = false,
): Failure | undefined {
  const parts = ['day', 'month', 'year'].map((part) => {
    const value = raw[`${prefix}-${part}`];
    return typeof value === 'string' ? value.trim() : '';
  });
  if (parts.every((part) => part === '')) {
    return required ? { field: prefix, message: `Enter ${what}` } : undefined;
  }
  const missing = ['day', 'month', 'year'].filter((_, index) => parts[index] === '');
  if (missing.length > 0)
    return { field: prefix, message: `${capitalise(what)} must include a ${missing.join(' and ')}` };
  const iso = isoDate(parts[0], parts[1], parts[2]);
  if (!iso) return { field: prefix, message: `${capitalise(what)} must be a real date` };
  if (iso > new Date().toISOString().slice(0, 10))
    return { field: prefix, message: `${capitalise(what)} must be in the past` };
  if (iso < '1900-01-01') return { field: prefix, message: `${capitalise(what)} must be after 1900` };
  return undefined;
}

/** The ISO date of a valid date input, or undefined when left blank. */
export function dateValue(raw: Record<string, unknown>, prefix: string): string | undefined {
  const [d, m, y] = ['day', 'month', 'year'].map((part) => raw[`${prefix}-${part}`]);
  return isoDate(d, m, y);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- a new referral: the person, the concern, the referrer ----------------------------------

/** The person's name, gender and address (the police's step one, the partner form's first part). */
export class PersonForm {
  @Text()
  @MaxLength(200, { message: 'Given names must be 200 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the person’s given names' })
  givenNames!: string;

  @Text()
  @MaxLength(200, { message: 'Family name must be 200 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the person’s family name' })
  familyName!: string;

  @IsOptional() @IsString() 'dateOfBirth-day'?: string;
  @IsOptional() @IsString() 'dateOfBirth-month'?: string;
  @IsOptional() @IsString() 'dateOfBirth-year'?: string;

  @IsIn(GENDERS, { message: 'Select the person’s gender' })
  gender!: string;

  @Text()
  @Matches(AREA_PATTERN, { message: 'Enter the local authority area as an ONS code, like E08000025' })
  @IsNotEmpty({ message: 'Enter the local authority area where the person lives' })
  area!: string;

  @IsIn(REGIONS, { message: 'Select the region where the person lives' })
  region!: string;

  @Text()
  @IsOptional()
  @MaxLength(200, { message: 'Address line 1 must be 200 characters or fewer' })
  addressLine1?: string;

  @Text()
  @IsOptional()
  @MaxLength(200, { message: 'Address line 2 must be 200 characters or fewer' })
  addressLine2?: string;

  @Text()
  @IsOptional()
  @MaxLength(200, { message: 'Town or city must be 200 characters or fewer' })
  addressTown?: string;

  @Text()
  @IsOptional()
  @MaxLength(10, { message: 'Postcode must be 10 characters or fewer' })
  postcode?: string;
}

export const PERSON_ORDER = [
  'givenNames',
  'familyName',
  'dateOfBirth',
  'gender',
  'area',
  'region',
  'addressLine1',
  'addressLine2',
  'addressTown',
  'postcode',
];
export const DATE_OF_BIRTH_IDS = { dateOfBirth: 'dateOfBirth-day' };
export const personDateCheck = (raw: Record<string, unknown>): Failure[] => {
  const problem = dateProblem(raw, 'dateOfBirth', 'date of birth');
  return problem ? [problem] : [];
};

export class ConcernForm {
  @List()
  @IsIn(values(CONCERN_TYPE_OPTIONS), { each: true, message: 'Select a type of concern from the list' })
  @ArrayMinSize(1, { message: 'Select at least one type of concern' })
  concernTypes!: string[];

  @Text()
  @MaxLength(20000, { message: 'The description must be 20,000 characters or fewer' })
  @IsNotEmpty({ message: 'Describe the concern' })
  description!: string;

  @Text()
  @IsOptional()
  @MaxLength(20000, { message: 'How the concern arose must be 20,000 characters or fewer' })
  howItArose?: string;

  @Text()
  @IsOptional()
  @MaxLength(20000, { message: 'Warning signs must be 20,000 characters or fewer' })
  warningSigns?: string;

  @Text()
  @IsOptional()
  @MaxLength(20000, { message: 'Complex needs must be 20,000 characters or fewer' })
  complexNeeds?: string;

  @Text()
  @IsOptional()
  @MaxLength(20000, { message: 'Other safeguarding concerns must be 20,000 characters or fewer' })
  otherSafeguardingConcerns?: string;

  @Text()
  @IsOptional()
  @MaxLength(20000, { message: 'Other agencies involved must be 20,000 characters or fewer' })
  otherAgenciesInvolved?: string;

  @Text()
  @IsOptional()
  @MaxLength(20000, { message: 'This answer must be 20,000 characters or fewer' })
  spokenToPersonOrParents?: string;

  @IsIn(values(SUBJECT_AWARENESS_OPTIONS), { message: 'Select whether the person knows they have been referred' })
  subjectAware!: string;
}

export const CONCERN_ORDER = [
  'concernTypes',
  'description',
  'howItArose',
  'warningSigns',
  'complexNeeds',
  'otherSafeguardingConcerns',
  'otherAgenciesInvolved',
  'spokenToPersonOrParents',
  'subjectAware',
];

export class ReferrerForm {
  @IsIn(SECTORS, { message: 'Select the sector the referral came from' })
  sector!: string;

  @Text()
  @MaxLength(200, { message: 'The referrer’s name must be 200 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the name of the person who made the referral' })
  referrerName!: string;

  @Text()
  @IsOptional()
  @MaxLength(200, { message: 'The referrer’s role must be 200 characters or fewer' })
  referrerRole?: string;

  @Text()
  @IsOptional()
  @MaxLength(200, { message: 'The organisation must be 200 characters or fewer' })
  referrerOrganisation?: string;

  @Text()
  @IsOptional()
  @MaxLength(40, { message: 'The phone number must be 40 characters or fewer' })
  referrerPhone?: string;

  @Text()
  @IsOptional()
  @IsEmail({}, { message: 'Enter an email address in the correct format, like name@example.com' })
  referrerEmail?: string;
}

export const REFERRER_ORDER = [
  'sector',
  'referrerName',
  'referrerRole',
  'referrerOrganisation',
  'referrerPhone',
  'referrerEmail',
];

/** The partner form sends its key with the answers: made when the form was first shown. */
export class IdempotencyForm {
  @IsUUID('all', { message: 'This form has expired: start again' })
  idempotencyKey!: string;
}

// ---- the referral's actions ---------------------------------------------------------------

export class AssignForm {
  @IsIn(['me', 'other'], { message: 'Select who to assign the referral to' })
  assignTo!: string;

  @ValidateIf((form: AssignForm) => form.assignTo === 'other')
  @Text()
  @MaxLength(200, { message: 'The user ID must be 200 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the officer’s user ID' })
  officerId?: string;
}

export class DeconflictionForm {
  @IsIn(values(DECONFLICTION_OPTIONS), { message: 'Select the result of the de-confliction check' })
  result!: string;
}

export class InformationRequestForm {
  @Matches(/^[A-Za-z0-9._:-]{1,80}$/, { message: 'This form has expired: start again' })
  requestId!: string;

  @IsIn(SECTORS, { message: 'Select the partner’s sector' })
  partnerSector!: string;

  @Text()
  @MaxLength(200, { message: 'The organisation must be 200 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the partner organisation' })
  organisation!: string;

  @Text()
  @IsOptional()
  @MaxLength(200, { message: 'The contact must be 200 characters or fewer' })
  contact?: string;

  @IsIn(values(LAWFUL_BASIS_OPTIONS), { message: 'Select the lawful basis for asking' })
  lawfulBasis!: string;

  @Text()
  @MaxLength(20000, { message: 'The request must be 20,000 characters or fewer' })
  @IsNotEmpty({ message: 'Enter what you are asking the partner for' })
  request!: string;
}

export class InformationReplyForm {
  @IsIn(values(LAWFUL_BASIS_OPTIONS), { message: 'Select the lawful basis the partner shared on' })
  lawfulBasis!: string;

  @Text()
  @MaxLength(50000, { message: 'The reply must be 50,000 characters or fewer' })
  @IsNotEmpty({ message: 'Enter what the partner shared' })
  information!: string;
}

/** The summary of the gateway assessment; each dimension's rating and notes are checked with {@link assessmentChecks}. */
export class AssessmentForm {
  @Text()
  @MaxLength(20000, { message: 'The summary must be 20,000 characters or fewer' })
  @IsNotEmpty({ message: 'Enter a summary of the assessment' })
  summary!: string;
}

export const ASSESSMENT_ORDER = [
  ...ASSESSMENT_TEMPLATE.dimensions.flatMap((d) => [`rating-${d.code}`, `notes-${d.code}`]),
  'summary',
];

export function assessmentChecks(raw: Record<string, unknown>): Failure[] {
  const failures: Failure[] = [];
  for (const dimension of ASSESSMENT_TEMPLATE.dimensions) {
    const rating = raw[`rating-${dimension.code}`];
    if (typeof rating !== 'string' || !dimension.ratings.some((option) => option.value === rating)) {
      failures.push({
        field: `rating-${dimension.code}`,
        message: `Select a rating for ${dimension.title.toLowerCase()}`,
      });
    }
    const notes =
      typeof raw[`notes-${dimension.code}`] === 'string' ? (raw[`notes-${dimension.code}`] as string).trim() : '';
    if (notes === '') {
      failures.push({
        field: `notes-${dimension.code}`,
        message: `Enter your evidence for ${dimension.title.toLowerCase()}`,
      });
    } else if (notes.length > 20000) {
      failures.push({ field: `notes-${dimension.code}`, message: 'Evidence must be 20,000 characters or fewer' });
    }
  }
  return failures;
}

export class DecisionForm {
  @IsIn(DECISION_OUTCOMES, { message: 'Select a decision' })
  outcome!: string;

  @ValidateIf((form: DecisionForm) => form.outcome === 'signposted')
  @List()
  @IsIn(values(SIGNPOSTING_OPTIONS), { each: true, message: 'Select a service from the list' })
  @ArrayMinSize(1, { message: 'Select at least one service the person is signposted to' })
  signpostedTo?: string[];

  @ValidateIf((form: DecisionForm) => form.outcome === 'signposted')
  @IsOptional()
  @IsIn(['yes', 'no'], { message: 'Select whether a referral was also made to the safeguarding hub (MASH)' })
  mashReferral?: string;

  @ValidateIf((form: DecisionForm) => form.outcome === 'referred-to-channel')
  @Text()
  @Matches(AREA_PATTERN, { message: 'Enter the Channel panel’s area as an ONS code, like E08000025' })
  @IsNotEmpty({ message: 'Enter the area whose Channel panel receives the referral' })
  channelArea?: string;

  @Text()
  @MaxLength(20000, { message: 'The rationale must be 20,000 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the rationale for the decision' })
  rationale!: string;
}

export const DECISION_ORDER = ['outcome', 'signpostedTo', 'mashReferral', 'channelArea', 'rationale'];

export class SignOffForm {
  @Text()
  @IsOptional()
  @MaxLength(20000, { message: 'The comment must be 20,000 characters or fewer' })
  comment?: string;
}

export class WithdrawForm {
  @IsIn(WITHDRAWAL_REASONS, { message: 'Select why the referral is withdrawn' })
  reason!: string;

  @Text()
  @MaxLength(20000, { message: 'The explanation must be 20,000 characters or fewer' })
  @IsNotEmpty({ message: 'Explain why the referral is withdrawn' })
  explanation!: string;
}

/** A correction of the person's details: only what changed is sent, always with a reason. */
export class CorrectionForm {
  @Text()
  @MaxLength(200, { message: 'Given names must be 200 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the person’s given names' })
  givenNames!: string;

  @Text()
  @MaxLength(200, { message: 'Family name must be 200 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the person’s family name' })
  familyName!: string;

  @IsOptional() @IsString() 'dateOfBirth-day'?: string;
  @IsOptional() @IsString() 'dateOfBirth-month'?: string;
  @IsOptional() @IsString() 'dateOfBirth-year'?: string;

  @IsIn(GENDERS, { message: 'Select the person’s gender' })
  gender!: string;

  @Text()
  @IsOptional()
  @MaxLength(200, { message: 'Address line 1 must be 200 characters or fewer' })
  addressLine1?: string;

  @Text()
  @IsOptional()
  @MaxLength(200, { message: 'Address line 2 must be 200 characters or fewer' })
  addressLine2?: string;

  @Text()
  @IsOptional()
  @MaxLength(200, { message: 'Town or city must be 200 characters or fewer' })
  addressTown?: string;

  @Text()
  @IsOptional()
  @MaxLength(10, { message: 'Postcode must be 10 characters or fewer' })
  postcode?: string;

  @Text()
  @MaxLength(2000, { message: 'The reason must be 2,000 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the reason for the correction' })
  reason!: string;
}

export const CORRECTION_ORDER = [
  'givenNames',
  'familyName',
  'dateOfBirth',
  'gender',
  'addressLine1',
  'addressLine2',
  'addressTown',
  'postcode',
  'reason',
];
