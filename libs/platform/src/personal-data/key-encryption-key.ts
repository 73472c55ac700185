import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { GENERATED_KEK_FILE } from './personal-data.config.js';

/**
 * The key-encryption key: the configured one, or (embedded mode) the one generated on first start
 * into `<dataDir>/keys/personal-data.kek` with mode 0600. Concurrent first starts of several
 * services agree: the file is created exclusively and the loser reads the winner's key.
 */
export async function resolveKeyEncryptionKey(configured: string | undefined, dataDir: string): Promise<Buffer> {
  if (configured !== undefined) return Buffer.from(configured, 'base64');
  const file = resolve(join(dataDir, GENERATED_KEK_FILE));
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(file, 0o600);
  for (let attempt = 0; ; attempt += 1) {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length === 32) return key;
    // another process created the file and has not written it yet
    if (attempt >= 50) throw new Error(`${file} does not hold a 32-byte base64 key`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
