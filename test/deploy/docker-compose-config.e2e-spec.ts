import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCompose, readEnvExample, root } from './support/deployment.js';

/**
 * `docker compose config -q`: the docker CLI's own validation of docker-compose.yml, which needs no
 * container engine. It runs whenever `docker compose version` works. On the build machines that is
 * Debian's docker-compose 1.29.2 (Compose v1) behind a Docker CLI plugin shim
 * (deploy/compose-cli-shim.sh, installed by .ci/run), because the Compose v2 plugin cannot be
 * installed there; the file is written to be valid for both. Where no docker CLI with a compose
 * command exists, this suite is skipped, and says so: the static checks of compose.spec.ts still run.
 */
const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8', timeout: 30_000 });
const available = version.status === 0;
const SKIPPED = 'docker compose config skipped: `docker compose version` does not work on this machine';

/** The environment of a CI run: only PATH and HOME, plus what is given. */
function compose(args: readonly string[], variables: Record<string, string> = {}) {
  return spawnSync('docker', ['compose', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...variables },
  });
}

if (available) {
  describe(`docker compose config (${version.stdout.split('\n')[0].trim()})`, () => {
    const example = Object.fromEntries(readEnvExample());

    it('accepts the file with .env.example (--env-file .env.example config -q)', () => {
      const result = compose(['--env-file', '.env.example', 'config', '-q']);
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    });

    it('accepts the file with the variables in the environment (config -q), as a CI job sets them', () => {
      const empty = mkdtempSync(join(tmpdir(), 'compose-env-'));
      try {
        // an empty env file, so that a developer's own .env is not read
        writeFileSync(join(empty, 'none.env'), '');
        const result = compose(['--env-file', join(empty, 'none.env'), 'config', '-q'], example);
        expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
        const plain = compose(['config', '-q'], example);
        expect({ status: plain.status, stderr: plain.stderr }).toEqual({ status: 0, stderr: '' });
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });

    it('refuses to go on without the secrets, naming the missing variable', () => {
      const empty = mkdtempSync(join(tmpdir(), 'compose-env-'));
      try {
        writeFileSync(join(empty, 'none.env'), '');
        const result = compose(['--env-file', join(empty, 'none.env'), 'config', '-q']);
        expect(result.status).not.toBe(0);
        expect(result.stderr).toMatch(/set [A-Z_]+ in \.env/);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });

    it('reads the same services as the test of the file does', () => {
      const result = compose(['--env-file', '.env.example', 'config', '--services']);
      expect(result.status).toBe(0);
      expect(result.stdout.trim().split('\n').sort()).toEqual(Object.keys(readCompose().services).sort());
    });
  });
} else {
  // Skipped, visibly, only where the docker CLI has no compose command: `.ci/run` installs Debian's
  // docker-compose behind the plugin shim whenever a docker CLI is present, so CI runs it; a machine
  // without any docker CLI cannot validate the file, and the run says so.
  process.stderr.write(`\n${SKIPPED}\n${version.stderr ?? ''}\n`);
  describe.skip(SKIPPED, () => {
    it.skip(SKIPPED, () => undefined);
  });
}
