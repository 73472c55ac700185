import { Transform, Type } from 'class-transformer';
import {
  Allow as Kept,
  ArrayMinSize,
  IsIn,
  IsUUID,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { isoDate } from '../forms/form.js';
import { parseTime } from './meeting-time.js';
import {
  AGENCIES,
  ATTENDANCE_ROLES,
  CANCEL_REASONS,
  DECISIONS,
  NOT_ADOPTED_OUTCOMES,
  REFERRED_TO_SERVICES,
} from './meeting-words.js';

/** The record's ETag the page was read at, sent back as If-Match. */
const ETAG = /^W\/"\d+"$/;
const ETAG_MESSAGE = 'This page is out of date: go back, reload it and try again';
const SOMETHING = /\S/;

const values = (list: readonly { value: string }[]) => list.map((item) => item.value);

/** The trouble with a GOV.UK date input's three parts, or undefined when they make a real date. */
function meetingDateProblem(form: Record<string, unknown>): string | undefined {
  const parts = ['day', 'month', 'year'].map((part) => {
    const value = form[`meetingDate-${part}`];
    return typeof value === 'string' ? value.trim() : '';
  });
  if (parts.every((part) => part === '')) return 'Enter the date of the meeting';
  const missing = ['day', 'month', 'year'].filter((_, index) => parts[index] === '');
  if (missing.length > 0) return `The date of the meeting must include a ${missing.join(' and ')}`;
  const iso = isoDate(parts[0], parts[1], parts[2]);
  if (!iso) return 'The date of the meeting must be a real date';
  const year = Number(iso.slice(0, 4));
  if (year < 2000 || year > 2100) return 'The year of the meeting must be between 2000 and 2100';
  return undefined;
}

function timeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'Enter the time the meeting starts';
  return parseTime(value) ? undefined : 'Enter the time the meeting starts, like 2pm or 14:30';
}

/** Schedule a meeting: its date and start time (UK time); the area is the user's own. */
export class ScheduleMeetingForm {
  @ValidateBy({
    name: 'meetingDate',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) =>
        meetingDateProblem((args?.object ?? {}) as Record<string, unknown>) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        meetingDateProblem((args?.object ?? {}) as Record<string, unknown>) ?? '',
    },
  })
  'meetingDate-day'?: string;

  @Kept() 'meetingDate-month'?: string;
  @Kept() 'meetingDate-year'?: string;

  @ValidateBy({
    name: 'meetingTime',
    validator: {
      validate: (value: unknown) => timeProblem(value) === undefined,
      defaultMessage: (args?: ValidationArguments) => timeProblem(args?.value) ?? '',
    },
  })
  meetingTime?: string;

  @IsUUID('4', { message: 'This form has expired: go back and open it again' }) idempotencyKey!: string;
}

/** One row of the attendance form: an agency and the part its person played (a blank row is left out). */
export class AttendeeRow {
  /** The row's number on the page, for the messages. */
  @Kept() n!: number;

  @ValidateIf((row: AttendeeRow) => Boolean(row.agency) || Boolean(row.role))
  @IsIn(values(AGENCIES), {
    message: (args: ValidationArguments) => `Select the agency of attendee ${(args.object as AttendeeRow).n}`,
  })
  agency?: string;

  @ValidateIf((row: AttendeeRow) => Boolean(row.agency) || Boolean(row.role))
  @IsIn(values(ATTENDANCE_ROLES), {
    message: (args: ValidationArguments) =>
      `Select the part attendee ${(args.object as AttendeeRow).n} played at the meeting`,
  })
  role?: string;
}

function attendeesProblem(rows: unknown): string | undefined {
  const filled = (Array.isArray(rows) ? (rows as AttendeeRow[]) : []).filter((row) => row.agency || row.role);
  if (filled.length === 0) return 'Add at least one person who attended';
  if (filled.filter((row) => row.role === 'chair').length > 1)
    return 'Only one person can chair the meeting: choose another part for the others';
  return undefined;
}

/** Who attended, by agency and part; the chair and the police make the meeting quorate. */
export class AttendanceForm {
  @ValidateBy({
    name: 'attendees',
    validator: {
      validate: (value: unknown) => attendeesProblem(value) === undefined,
      defaultMessage: (args?: ValidationArguments) => attendeesProblem(args?.value) ?? '',
    },
  })
  @ValidateNested({ each: true })
  @Type(() => AttendeeRow)
  attendees!: AttendeeRow[];

  @Matches(ETAG, { message: ETAG_MESSAGE }) etag!: string;
}

export class MinutesForm {
  @Matches(SOMETHING, { message: 'Enter the minutes of the meeting' })
  @MaxLength(100_000, { message: 'The minutes must be 100,000 characters or fewer' })
  minutes!: string;

  @Matches(ETAG, { message: ETAG_MESSAGE }) etag!: string;
}

export class CancelMeetingForm {
  @IsIn(values(CANCEL_REASONS), { message: 'Select why the meeting is cancelled' }) reason!: string;

  @Matches(ETAG, { message: ETAG_MESSAGE }) etag!: string;
}

export class AddToAgendaForm {
  @IsUUID('all', { message: 'Select the case to add to the agenda' }) caseId!: string;
}

const asList = ({ value }: { value: unknown }): string[] =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

const notAdopted = (form: DecisionForm) => form.decision === 'not-adopted';

/** The panel's decision on a case at this meeting, always with its rationale. */
export class DecisionForm {
  @IsIn(values(DECISIONS), { message: 'Select the panel’s decision' }) decision!: string;

  @ValidateIf(notAdopted)
  @IsIn(values(NOT_ADOPTED_OUTCOMES), { message: 'Select what happens instead of adoption' })
  outcome?: string;

  @Transform(asList)
  @ValidateIf((form: DecisionForm) => notAdopted(form) && form.outcome === 'referred-to-other-services')
  @ArrayMinSize(1, { message: 'Select the services the person is referred to' })
  @IsIn(values(REFERRED_TO_SERVICES), { each: true, message: 'Select the services the person is referred to' })
  referredTo: string[] = [];

  @ValidateIf((form: DecisionForm) => notAdopted(form) && form.outcome === 'returned-to-police')
  @Matches(SOMETHING, { message: 'Enter the panel’s view of the risk, for the police' })
  @MaxLength(20_000, { message: 'The panel’s view of the risk must be 20,000 characters or fewer' })
  riskView?: string;

  @Matches(SOMETHING, { message: 'Enter the rationale for the panel’s decision' })
  @MaxLength(20_000, { message: 'The rationale must be 20,000 characters or fewer' })
  rationale!: string;

  @Matches(ETAG, { message: ETAG_MESSAGE }) etag!: string;
}
