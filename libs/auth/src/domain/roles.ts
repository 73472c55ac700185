/**
 * The roles of the people who use the system (domain brief §2). A role says what kind of
 * work someone does; the authorisation matrix says what each kind of work may do.
 *
 * A `partner-referrer` is the referrer of domain §2 with an account: a person at a partner
 * organisation (a school's designated safeguarding lead, an NHS safeguarding lead) who submits
 * referrals through the partner referral form for their own area and reads nothing, not even what
 * they submitted (ADR 033).
 */
export const ROLES = [
  'police-officer',
  'police-supervisor',
  'partner-referrer',
  'channel-coordinator',
  'channel-chair',
  'panel-member',
  'intervention-provider',
  'board-member',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * How far a role's reach into personal records goes, once the matrix allows the action:
 * - `area`: only records of the local authority area in the user's `area` claim (for a partner
 *   referrer, whose only action is submitting, the area it may submit referrals for: it reads nothing);
 * - `assigned`: only the cases the user is assigned to (intervention providers);
 * - `everywhere`: any area (administrators, for subject access and erasure, always audited);
 * - `none`: no personal record at all, whatever the action (board members see aggregates).
 */
export type RecordReach = 'area' | 'assigned' | 'everywhere' | 'none';

export const ROLE_REACH: Readonly<Record<Role, RecordReach>> = {
  'police-officer': 'area',
  'police-supervisor': 'area',
  'partner-referrer': 'area',
  'channel-coordinator': 'area',
  'channel-chair': 'area',
  'panel-member': 'area',
  'intervention-provider': 'assigned',
  'board-member': 'none',
  admin: 'everywhere',
};
