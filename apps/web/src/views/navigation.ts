import { type Action, mayDo } from '@lib/auth';
import type { SignedInUser } from '../session/session-data.js';

export interface NavigationItem {
  readonly href: string;
  readonly text: string;
  readonly active?: boolean;
}

/** The sections of the service, each shown only to the roles whose action it needs. */
const SECTIONS: readonly { href: string; text: string; action: Action }[] = [
  { href: '/referrals', text: 'Referrals', action: 'referral:read' },
  { href: '/partner-referrals/new', text: 'Make a referral', action: 'referral:submit-partner' },
  { href: '/cases', text: 'Channel cases', action: 'case:read' },
  { href: '/meetings', text: 'Panel meetings', action: 'meeting:manage' },
  { href: '/statistics', text: 'Statistics', action: 'statistics:read' },
  { href: '/compliance', text: 'Compliance', action: 'compliance:read' },
  { href: '/admin/users', text: 'Users', action: 'users:manage' },
  { href: '/admin/code-lists', text: 'Code lists', action: 'users:manage' },
  { href: '/admin/audit', text: 'Audit log', action: 'audit:search' },
];

export function navigationFor(user: SignedInUser | undefined, path: string): NavigationItem[] {
  if (!user) return [];
  return SECTIONS.filter((section) => mayDo(user.roles, section.action)).map((section) => ({
    href: section.href,
    text: section.text,
    ...(path === section.href || path.startsWith(`${section.href}/`) ? { active: true } : {}),
  }));
}
