import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { composeEnvironment, readCompose, root } from './support/deployment.js';

/**
 * Configuration is the only difference between the modes: a built app given the distributed
 * settings of docker-compose.yml with one of them missing or malformed stops at once, exit code 1,
 * naming the variable — before it reaches for a database, a broker or an event store (none runs
 * here). Each app is started as `node dist/apps/<app>/src/main.js`, and once through the image's
 * entrypoint (deploy/docker-entrypoint.sh) as a container would start it.
 */
const SERVICES = ['referral-intake', 'channel-panel', 'compliance-reporting'];
const compose = readCompose();

/** Runs the command; its exit code, everything it wrote, and the messages of its fatal log lines. */
function start(command: readonly string[], env: Record<string, string | undefined>) {
  const result = spawnSync(command[0], command.slice(1), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 20_000,
  });
  const output = `${result.stdout}${result.stderr}`;
  const fatal = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level?: string; app?: string; message?: string })
    .filter((line) => line.level === 'fatal');
  return { status: result.status, output, fatal: fatal.map((line) => line.message ?? '') };
}

/** The service's compose environment (with .env.example's values), changed as given. */
function environment(app: string, change: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ...composeEnvironment(compose.services[app]), ...change };
}

const main = (app: string) => join(root, 'dist/apps', app, 'src/main.js');

describe('a built app started with the distributed settings and one of them wrong', () => {
  it('finds the built apps (npm test builds them first)', () => {
    for (const app of SERVICES) expect({ app, built: existsSync(main(app)) }).toEqual({ app, built: true });
  });

  it.each(SERVICES)('%s: EVENT_STORE=kurrentdb without KURRENTDB_URL stops it naming KURRENTDB_URL', (app) => {
    const result = start([process.execPath, main(app)], environment(app, { KURRENTDB_URL: undefined }));
    expect(result.status).toBe(1);
    expect(result.fatal).toEqual(['Invalid configuration: KURRENTDB_URL is required when EVENT_STORE=kurrentdb']);
  });

  it.each(SERVICES)('%s: a malformed KAFKA_BROKERS stops it naming KAFKA_BROKERS', (app) => {
    const result = start([process.execPath, main(app)], environment(app, { KAFKA_BROKERS: 'kafka' }));
    expect(result.status).toBe(1);
    expect(result.fatal).toEqual([
      'Invalid configuration: KAFKA_BROKERS must be a comma-separated list of host:port (got "kafka")',
    ]);
  });

  it('names every wrong variable in one message: KURRENTDB_URL of another scheme, KAFKA_BROKERS missing with Kafka', () => {
    const app = 'referral-intake';
    const result = start(
      [process.execPath, main(app)],
      environment(app, { KAFKA_BROKERS: undefined, KURRENTDB_URL: 'http://kurrentdb:2113' }),
    );
    expect(result.status).toBe(1);
    expect(result.fatal).toEqual([
      'Invalid configuration: KURRENTDB_URL must be a kurrentdb:// or kurrentdb+discover:// or kdb:// or ' +
        'kdb+discover:// or esdb:// or esdb+discover:// URL (got "http://kurrentdb:2113"); ' +
        'KAFKA_BROKERS is required when EVENT_TRANSPORT=kafka',
    ]);
  });

  it('stops on a malformed PERSONAL_DATA_KEK too, naming it without echoing the value', () => {
    // checked when the platform's personal-data module is made, right after the first check
    const app = 'channel-panel';
    const result = start([process.execPath, main(app)], environment(app, { PERSONAL_DATA_KEK: 'c2hvcnQ=' }));
    expect(result.status).toBe(1);
    expect(result.fatal).toEqual(['Invalid configuration: PERSONAL_DATA_KEK must be 32 bytes in base64']);
    expect(result.output).not.toContain('c2hvcnQ=');
  });

  it('does the same when started through the image’s entrypoint, as the container runs it', () => {
    const app = 'channel-panel';
    const result = start(['sh', join(root, 'deploy/docker-entrypoint.sh'), app], {
      ...environment(app, { KURRENTDB_URL: undefined }),
      PREVENT_APP_ROOT: root,
    });
    expect(result.status).toBe(1);
    expect(result.output).toContain('"app":"channel-panel"');
    expect(result.fatal).toEqual(['Invalid configuration: KURRENTDB_URL is required when EVENT_STORE=kurrentdb']);
  });

  it('the entrypoint refuses a name that is no app, listing the apps', () => {
    const result = start(['sh', join(root, 'deploy/docker-entrypoint.sh'), 'no-such-app'], { PREVENT_APP_ROOT: root });
    expect(result.status).toBe(64);
    expect(result.output).toMatch(/usage: prevent <app>/);
    expect(result.output).toContain('referral-intake');
  });
});
