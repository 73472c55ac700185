import { ACTIONS, ALL_ACTIONS, type Action } from './actions.js';
import { ROLE_REACH, ROLES, type Role } from './roles.js';

/**
 * The one authorisation matrix: which roles may do each action. Anything not listed is
 * refused. `docs/authorisation.md` is checked against this table by a test.
 */
export const AUTHORISATION_MATRIX: Readonly<Record<Action, readonly Role[]>> = {
  'referral:create': ['police-officer', 'police-supervisor'],
  'referral:read': ['police-officer', 'police-supervisor'],
  'referral:triage': ['police-officer', 'police-supervisor'],
  'referral:assign': ['police-supervisor'],
  'referral:decide': ['police-officer', 'police-supervisor'],
  'referral:submit-partner': ['partner-referrer'],
  'referral:sign-off': ['police-supervisor'],
  'referral:withdraw': ['police-officer', 'police-supervisor'],
  'subject:read': ['police-officer', 'police-supervisor'],
  'subject:correct': ['police-officer', 'police-supervisor'],
  'case:read': ['channel-coordinator', 'channel-chair', 'panel-member', 'intervention-provider'],
  'case:manage': ['channel-coordinator', 'channel-chair'],
  'case:decide': ['channel-chair'],
  'case:record-session': ['channel-coordinator', 'intervention-provider'],
  'meeting:manage': ['channel-coordinator', 'channel-chair'],
  'subject:export': ['admin'],
  'subject:erase': ['admin'],
  'statistics:read': ['police-supervisor', 'channel-coordinator', 'channel-chair', 'board-member', 'admin'],
  'compliance:read': ['channel-coordinator', 'channel-chair', 'board-member', 'admin'],
  'compliance:manage': ['board-member', 'admin'],
  'compliance:record': ['channel-coordinator', 'admin'],
  'statistics:rebuild': ['admin'],
  'audit:search': ['admin'],
  'users:manage': ['admin'],
  'keys:rotate': ['admin'],
  /** Self-service on one's own account only (the caller's `sub`): every role, nothing of anyone else. */
  'account:sign-out-everywhere': [...ROLES],
  'read-models:rebuild': ['admin'],
};

export function roleMay(role: Role, action: Action): boolean {
  return AUTHORISATION_MATRIX[action].includes(role);
}

/** Whether any of the roles may do the action. */
export function mayDo(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => roleMay(role, action));
}

/**
 * Rules the matrix itself must obey; returns the breaches (empty when sound). Checked by a
 * test, so that an edit of the table cannot give a board member a person's record.
 */
export function matrixBreaches(matrix: Readonly<Record<Action, readonly Role[]>> = AUTHORISATION_MATRIX): string[] {
  const breaches: string[] = [];
  for (const action of ALL_ACTIONS) {
    const roles = matrix[action] ?? [];
    if (roles.length === 0) breaches.push(`${action}: no role may do it`);
    for (const role of roles) {
      if (!(ROLES as readonly string[]).includes(role)) breaches.push(`${action}: unknown role ${role}`);
      if (ACTIONS[action].personal && ROLE_REACH[role] === 'none') {
        breaches.push(`${action}: ${role} would see personal data`);
      }
    }
  }
  return breaches;
}
