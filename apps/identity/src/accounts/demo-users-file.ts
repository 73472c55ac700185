import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DemoUser } from './demo-users.js';

/**
 * Writes the demo users and their passwords, readable by the owner only (0600): only their hashes
 * are kept, so this file and the first start's console are the only places the passwords appear.
 * Written through a temporary file, so a reader never sees half of it.
 */
export function writeDemoUsersFile(path: string, users: readonly DemoUser[], issuer: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const lines = [
    `# Prevent demo users, made on the identity provider's first start (${new Date().toISOString()}).`,
    `# Sign in at ${issuer}. Change or disable these accounts before any real use.`,
    '# username, password, role, area (ONS code; none for admin and board-member)',
    ...users.map((user) => [user.username, user.password, user.role, user.area ?? '-'].join('\t')),
    '',
  ];
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, lines.join('\n'), { mode: 0o600, flag: 'w' });
  chmodSync(temporary, 0o600); // the mode of an existing file, or one narrowed by the umask, is set anyway
  renameSync(temporary, path);
}
