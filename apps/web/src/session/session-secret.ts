import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const SESSION_SECRET = Symbol('SESSION_SECRET');

/**
 * The secret that signs session cookies: `WEB_SESSION_SECRET` when set (the distributed mode),
 * else one made on first start and kept, readable by its owner only, at
 * `<PREVENT_DATA_DIR, default ./.data>/keys/web-session.secret`.
 */
export function sessionSecret(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (configured) {
    if (configured.length < 32) throw new Error('WEB_SESSION_SECRET must be at least 32 characters');
    return configured;
  }
  const file = resolve(join(env.PREVENT_DATA_DIR?.trim() || '.data', 'keys', 'web-session.secret'));
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process made it first: use theirs
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}
