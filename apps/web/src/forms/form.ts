import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { BackendProblem } from '../backend/backend.js';

/** What a page needs to show a form's errors the GOV.UK way: the summary and each field's message. */
export interface FormErrors {
  /** For `govukErrorSummary`: one entry per field, linking to it. */
  readonly errorList: readonly { readonly text: string; readonly href: string }[];
  /** For each component's `errorMessage`: `errors.firstName` → `{ text }`. */
  readonly errors: Readonly<Record<string, { readonly text: string }>>;
}

export const NO_ERRORS: FormErrors = { errorList: [], errors: {} };

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FormErrors };

/**
 * Checks a posted form against its class-validator class. Messages are written for the user
 * ("Enter the person's first name"); the first failing rule of each field is shown, in the order
 * the fields appear on the page (the class's property order).
 */
export async function checkForm<T extends object>(
  type: new () => T,
  body: unknown,
  fieldIds: Readonly<Record<string, string>> = {},
): Promise<Checked<T>> {
  const value = plainToInstance(type, body ?? {}, { exposeDefaultValues: true });
  const failures = await validate(value, { forbidUnknownValues: false, whitelist: true, stopAtFirstError: true });
  if (failures.length === 0) return { ok: true, value };
  return { ok: false, errors: formErrors(flatten(failures), fieldIds) };
}

function flatten(failures: readonly ValidationError[], parent = ''): { field: string; message: string }[] {
  return failures.flatMap((failure) => {
    const field = parent ? `${parent}.${failure.property}` : failure.property;
    const own = failure.constraints ? [{ field, message: Object.values(failure.constraints)[0] ?? 'Check this' }] : [];
    return [...own, ...flatten(failure.children ?? [], field)];
  });
}

/** Errors keyed by field; `fieldIds` maps a field to the id of the input to link to (date parts: `dob-day`). */
export function formErrors(
  failures: readonly { field: string; message: string }[],
  fieldIds: Readonly<Record<string, string>> = {},
): FormErrors {
  const errors: Record<string, { text: string }> = {};
  const errorList: { text: string; href: string }[] = [];
  for (const { field, message } of failures) {
    if (errors[field]) continue;
    errors[field] = { text: message };
    errorList.push({ text: message, href: `#${fieldIds[field] ?? field.replace(/\./g, '-')}` });
  }
  return { errorList, errors };
}

/**
 * A service's 400 problem as form errors: its field names mapped to the page's (the service may
 * check what the page could not, e.g. a code it no longer accepts). Unmapped fields go to the
 * summary, linking to the form.
 */
export function problemErrors(
  problem: BackendProblem,
  fieldOf: Readonly<Record<string, string>> = {},
  fieldIds: Readonly<Record<string, string>> = {},
): FormErrors {
  const failures = problem.fieldErrors.map((error) => ({
    field: fieldOf[error.field] ?? error.field,
    message: error.messages[0] ?? 'Check this',
  }));
  if (failures.length === 0)
    failures.push({ field: 'form', message: problem.detail ?? 'The service could not accept this' });
  return formErrors(failures, { form: 'main-content', ...fieldIds });
}

/** A GOV.UK date input's three parts as an ISO date, or undefined when it is not a real date. */
export function isoDate(day: unknown, month: unknown, year: unknown): string | undefined {
  const [d, m, y] = [day, month, year].map((part) => (typeof part === 'string' ? part.trim() : ''));
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return undefined;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/**
 * A GOV.UK date input's parts (`<name>-day`, `-month`, `-year`) as one value for a form class to
 * check: the ISO date, `''` when every part is empty, `'invalid'` otherwise.
 */
export function dateInput(body: Readonly<Record<string, unknown>>, name: string): string {
  const parts = ['day', 'month', 'year'].map((part) => body[`${name}-${part}`]);
  if (parts.every((part) => typeof part !== 'string' || part.trim() === '')) return '';
  return isoDate(parts[0], parts[1], parts[2]) ?? 'invalid';
}
