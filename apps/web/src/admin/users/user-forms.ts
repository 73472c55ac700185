import { ROLES } from '@lib/auth';
import { ArrayNotEmpty, IsArray, IsIn, Matches } from 'class-validator';

/** An ONS code of a local authority area, as the identity provider takes it (empty: no area). */
const AREA_OR_NONE = /^([EW]\d{8})?$/;

/** Creating an account: a username, one or more roles, an area for the roles that work in one. */
export class NewUserForm {
  @Matches(/^[a-z0-9._@-]{3,64}$/, {
    message: 'Enter a username of 3 to 64 lower-case letters, digits, dots, dashes, underscores or @',
  })
  username = '';

  @IsArray({ message: 'Select at least one role' })
  @ArrayNotEmpty({ message: 'Select at least one role' })
  @IsIn(ROLES, { each: true, message: 'Select roles from the list' })
  roles: string[] = [];

  @Matches(AREA_OR_NONE, { message: 'Enter the area as an ONS code, like E08000025, or leave it empty' })
  area = '';
}

/** Changing an account's roles and area. */
export class ChangeUserForm {
  @IsArray({ message: 'Select at least one role' })
  @ArrayNotEmpty({ message: 'Select at least one role' })
  @IsIn(ROLES, { each: true, message: 'Select roles from the list' })
  roles: string[] = [];

  @Matches(AREA_OR_NONE, { message: 'Enter the area as an ONS code, like E08000025, or leave it empty' })
  area = '';
}

/** The roles offered, in the matrix's order, with what each is for. */
export const ROLE_HINTS: Readonly<Record<string, string>> = {
  'police-officer': 'Receives and assesses referrals in their area',
  'police-supervisor': 'Assigns and signs off referrals in their area',
  'partner-referrer': 'Submits referrals from a partner organisation',
  'channel-coordinator': 'Prepares Channel cases and records compliance in their area',
  'channel-chair': 'Chairs the Channel panel and decides cases',
  'panel-member': 'Reads the cases of their panel',
  'intervention-provider': 'Records sessions of the cases assigned to them',
  'board-member': 'Sees statistics and compliance only; no person’s record',
  admin: 'Manages users, the audit log and reference data',
};

export function roleItems(selected: readonly string[]) {
  return ROLES.map((role) => ({
    value: role,
    text: role.charAt(0).toUpperCase() + role.slice(1).replace(/-/g, ' '),
    hint: { text: ROLE_HINTS[role] ?? '' },
    checked: selected.includes(role),
  }));
}
