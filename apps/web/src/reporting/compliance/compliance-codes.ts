/**
 * The codes the compliance pages offer in their forms and filters, as compliance-reporting's API
 * documents them (its OpenAPI enums). The web app may not import the service's code; the service
 * checks every code again, and a code it no longer accepts comes back as a form error.
 */
export const AUTHORITY_TYPES = [
  { value: 'local-authority', text: 'Local authority' },
  { value: 'school', text: 'School' },
  { value: 'further-or-higher-education', text: 'Further or higher education' },
  { value: 'health', text: 'Health' },
  { value: 'police', text: 'Police' },
  { value: 'prisons', text: 'Prisons (and young offender institutions)' },
  { value: 'probation', text: 'Probation' },
] as const;

export const BENCHMARK_STATUSES = [
  { value: 'met', text: 'Met' },
  { value: 'partly-met', text: 'Partly met' },
  { value: 'not-met', text: 'Not met' },
] as const;

export const STAFF_GROUPS = [
  { value: 'prevent-leads', text: 'Prevent leads' },
  { value: 'safeguarding-leads', text: 'Safeguarding leads' },
  { value: 'frontline-staff', text: 'Frontline staff' },
  { value: 'managers', text: 'Managers' },
  { value: 'governance', text: 'Governance' },
  { value: 'other-staff', text: 'Other staff' },
] as const;

export const RAG_NAMES = { red: 'Red', amber: 'Amber', green: 'Green' } as const;

/** GOV.UK tag colours for red, amber and green (amber is the orange tag); the word is always shown. */
export const RAG_TAG_CLASSES = {
  red: 'govuk-tag--red app-rag',
  amber: 'govuk-tag--orange app-rag',
  green: 'govuk-tag--green app-rag',
} as const;

export const STATUS_TAGS: Readonly<Record<string, { text: string; classes: string }>> = {
  met: { text: 'Met', classes: 'govuk-tag--green' },
  'partly-met': { text: 'Partly met', classes: 'govuk-tag--orange' },
  'not-met': { text: 'Not met', classes: 'govuk-tag--red' },
};
export const NOT_ASSESSED_TAG = { text: 'Not assessed', classes: 'govuk-tag--grey' };

export function labelOf(list: readonly { value: string; text: string }[], code: string): string {
  return list.find((item) => item.value === code)?.text ?? code;
}
