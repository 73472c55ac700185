import { BackendProblem } from '../backend/backend.js';
import { type FormErrors, formErrors, problemErrors } from '../forms/form.js';

/** How the page words a service's refusal (its problem `type`), and which field it belongs to. */
export type Refusals = Readonly<Record<string, { readonly field: string; readonly message: string }>>;

/**
 * A service's refusal as form errors, so the page is shown again with what was typed: a 400 with
 * its field errors (named as the page's fields by `fieldOf`), or one of the rule refusals the page
 * knows. Anything else (404, a stale If-Match, the service down) is left to the error pages.
 */
export function refusalErrors(
  error: unknown,
  refusals: Refusals,
  fieldOf: Readonly<Record<string, string>> = {},
  fieldIds: Readonly<Record<string, string>> = {},
): FormErrors {
  if (!(error instanceof BackendProblem)) throw error;
  if (error.status === 400) return problemErrors(error, fieldOf, fieldIds);
  const known = refusals[error.type];
  if (known && error.status !== 412 && error.status !== 428)
    return formErrors([{ field: known.field, message: known.message }], fieldIds);
  throw error;
}
