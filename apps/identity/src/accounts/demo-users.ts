import { randomBytes } from 'node:crypto';
import { ROLES } from '@lib/auth';
import type { AccountStore } from './account.store.js';

/** The two local authority areas of the demo data (ONS codes). */
export const DEMO_AREAS = { birmingham: 'E08000025', 'tower-hamlets': 'E09000030' } as const;

export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly role: string;
  readonly area?: string;
}

/**
 * On the first start only (no account yet): one user per role in each demo area (administrators
 * and board members have no area; a partner referrer in each area stands for a school's or a
 * health trust's safeguarding lead), each with a random password, returned to be printed once.
 */
export async function seedDemoUsers(accounts: AccountStore): Promise<DemoUser[]> {
  if ((await accounts.count()) > 0) return [];
  const users: DemoUser[] = [];
  for (const role of ROLES) {
    const arealess = role === 'admin' || role === 'board-member';
    const areas = arealess ? [undefined] : Object.entries(DEMO_AREAS);
    for (const entry of areas) {
      const username = entry ? `${role}.${entry[0]}` : role;
      const password = randomBytes(12).toString('base64url');
      await accounts.create({ username, password, roles: [role], ...(entry ? { area: entry[1] } : {}) });
      users.push({ username, password, role, ...(entry ? { area: entry[1] } : {}) });
    }
  }
  return users;
}
