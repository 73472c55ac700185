/**
 * Everything a route can do, named `<resource>:<verb>`. Every route of every service is
 * tagged with one of these (or marked public); the matrix decides which roles may do it.
 *
 * `personal` says whether the action touches a person's record: such actions are area
 * scoped, audited on read, and never granted to a role whose reach is `none`.
 */
export const ACTIONS = {
  'referral:create': { personal: true, description: 'Key in a new referral' },
  'referral:read': { personal: true, description: 'Read a referral and its subject' },
  'referral:triage': {
    personal: true,
    description: 'Record de-confliction, information requests, the gateway assessment',
  },
  'referral:assign': { personal: true, description: 'Assign a referral to an officer' },
  'referral:decide': { personal: true, description: 'Record the gateway decision' },
  'referral:submit-partner': {
    personal: true,
    description: 'Submit a referral through the partner referral form, for one’s own area (ADR 033)',
  },
  'referral:sign-off': { personal: true, description: 'Sign off another officer’s gateway decision' },
  'referral:withdraw': { personal: true, description: 'Withdraw an undecided referral, with a reason' },
  'subject:read': { personal: true, description: 'Read a subject’s personal details' },
  'subject:correct': { personal: true, description: 'Correct a subject’s details, with a reason' },
  'case:read': { personal: true, description: 'Read a Channel case' },
  'case:manage': { personal: true, description: 'Prepare a case: information sharing, listing, consent, support plan' },
  'case:decide': { personal: true, description: 'Record a panel decision, review or exit' },
  'case:record-session': { personal: true, description: 'Record an intervention session or progress' },
  'meeting:manage': { personal: true, description: 'Run panel meetings: agenda, attendance, minutes' },
  'subject:export': { personal: true, description: 'Export everything held about a person (subject access request)' },
  'subject:erase': { personal: true, description: 'Erase a person (crypto-shredding) or set a legal hold' },
  'statistics:read': { personal: false, description: 'Read aggregate statistics (small numbers suppressed)' },
  'compliance:read': { personal: false, description: 'Read the compliance of specified authorities' },
  'compliance:manage': { personal: false, description: 'Record compliance statuses and evidence' },
  'compliance:record': {
    personal: false,
    description: 'Register specified authorities; record their area statuses, training and assurance statements',
  },
  'statistics:rebuild': {
    personal: false,
    description: 'Rebuild the statistics projection into a new version and switch to it when caught up',
  },
  'audit:search': { personal: false, description: 'Search the audit of reads by user, person or period' },
  'users:manage': { personal: false, description: 'Create, disable and re-role users' },
  'keys:rotate': { personal: false, description: 'Rotate the identity provider’s signing keys' },
  'account:sign-out-everywhere': { personal: false, description: 'End every session of one’s own account' },
  'read-models:rebuild': {
    personal: false,
    description: 'Empty a service’s read models and replay its event store into them',
  },
} as const satisfies Record<string, { personal: boolean; description: string }>;

export type Action = keyof typeof ACTIONS;

export const ALL_ACTIONS = Object.keys(ACTIONS) as Action[];

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(ACTIONS, value);
}
