import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { signIn } from '../../apps/identity/test/oidc-client.js';

const root = resolve(import.meta.dirname, '../..');
const launcher = join(root, 'dist/libs/runtime/src/start.js');
const SERVICES = ['channel-panel', 'compliance-reporting', 'referral-intake'];
/**
 * Ports of their own for each test run: runs with different TEST_PG_PORT values (several
 * checkouts or engineers on one machine) must not start their runtimes on the same ports.
 */
const RUN_SLOT = Number(process.env.TEST_PG_PORT ?? 54329) % 100;
const PORT_BASE = 10000 + RUN_SLOT * 20; // below the ephemeral range (32768+): no outgoing connection holds them
const TEST_PORTS: Record<string, number> = {
  web: PORT_BASE,
  'referral-intake': PORT_BASE + 1,
  'channel-panel': PORT_BASE + 2,
  'compliance-reporting': PORT_BASE + 3,
  identity: PORT_BASE + 4,
};
/** Every app the launcher will start (whatever is built), each on a test port. */
const appsDir = join(root, 'dist/apps');
const services: Record<string, number> = Object.fromEntries(
  (existsSync(appsDir) ? readdirSync(appsDir) : [])
    .filter((name) => existsSync(join(appsDir, name, 'src/main.js')))
    .sort()
    .map((name, index) => [name, TEST_PORTS[name] ?? PORT_BASE + 10 + index]),
);
const portVariable = (app: string) => `${app.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PORT`;
const allReadyStatuses = () => Object.fromEntries(Object.keys(services).map((name) => [name, 200]));
const PG_PORT = Number(process.env.TEST_RUNTIME_PG_PORT ?? 12000 + RUN_SLOT); // below the ephemeral range too

interface Launched {
  readonly process: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function launch(dataDir: string): Launched {
  const child = spawn(process.execPath, [launcher], {
    cwd: root,
    env: {
      ...process.env,
      PREVENT_DATA_DIR: dataDir,
      PG_PORT: String(PG_PORT),
      ...Object.fromEntries(Object.entries(services).map(([name, port]) => [portVariable(name), String(port)])),
      STOP_TIMEOUT_MS: '5000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { process: child, output: () => output, exited };
}

/** Every app's readiness status, once all are 200 or the time is up; the launcher's output joins a failure. */
async function allReady(run: Launched, timeoutMs: number): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  const statuses: Record<string, number> = {};
  while (Date.now() < deadline) {
    for (const [name, port] of Object.entries(services)) {
      statuses[name] = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1000) })
        .then((response) => response.status)
        .catch(() => 0);
    }
    if (Object.values(statuses).every((status) => status === 200)) return statuses;
    if (run.process.exitCode !== null) break;
    await sleep(250);
  }
  process.stderr.write(`launcher output:\n${run.output().slice(-6000)}\n`);
  return statuses;
}

/**
 * The launcher's output once it has printed its table. It prints it after its own readiness
 * checks, which may come a little after the test's own.
 */
async function runningTable(run: Launched, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes('Prevent is running') && Date.now() < deadline) await sleep(50);
  expect(run.output()).toContain('Prevent is running');
  return run.output();
}

/** The pids in the launcher's table: one per app, and PostgreSQL's postmaster. */
function startedPids(output: string): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const match of output.matchAll(/^ {2}([a-z-]+) +(?:http:\/\/\S+|\S+:\d+\/prevent) +(\d+)$/gm)) {
    pids[match[1]] = Number(match[2]);
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

describe('npm start (the embedded runtime)', () => {
  let dataDir: string;
  const launched: Launched[] = [];
  const seenPids = new Set<number>();

  beforeAll(() => {
    if (!existsSync(launcher)) {
      throw new Error(`${launcher} is missing: run \`npm run build\` first (npm test does).`);
    }
    dataDir = mkdtempSync(join(tmpdir(), 'prevent-runtime-'));
    // A lock left by a launcher that died: its pid is gone, so the next launcher takes it over.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dataDir, 'runtime.lock'), `${dead}\n`);
  });

  afterAll(async () => {
    for (const run of launched) if (run.process.exitCode === null) run.process.kill('SIGKILL');
    for (const pid of seenPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    // A test that failed midway may leave the runtime's PostgreSQL behind: stop it too.
    if (existsSync(join(dataDir, 'postgres', 'postmaster.pid'))) {
      const postgres = postmasterPid(dataDir);
      if (isAlive(postgres)) process.kill(postgres, 'SIGQUIT');
    }
    await sleep(100);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts every service, refuses a second launcher, and stops leaving nothing behind', async () => {
    const first = launch(dataDir);
    launched.push(first);
    expect(await allReady(first, 30_000)).toEqual(allReadyStatuses());
    const pids = startedPids(await runningTable(first));
    expect(Object.keys(services)).toEqual(expect.arrayContaining(SERVICES));
    expect(Object.keys(pids).sort()).toEqual([...Object.keys(services), 'postgres'].sort());
    expect(pids.postgres).toBe(postmasterPid(dataDir));
    Object.values(pids).forEach((pid) => seenPids.add(pid));
    expect(readFileSync(join(dataDir, 'runtime.lock'), 'utf8').trim()).toBe(String(first.process.pid));

    // the identity provider first, then the services, each told to trust its tokens
    const output = first.output();
    const started = (app: string) => output.indexOf(`starting ${app} on port`);
    for (const service of SERVICES) expect(started('identity')).toBeLessThan(started(service));
    const demoUsersFile = join(dataDir, 'identity-demo-users.txt');
    expect(output).toContain(`Demo users (usernames, passwords, roles; readable by you only): ${demoUsersFile}`);
    expect(statSync(demoUsersFile).mode & 0o777).toBe(0o600);
    const adminLine = readFileSync(demoUsersFile, 'utf8')
      .split('\n')
      .find((line) => line.startsWith('admin\t'))!;
    const issuer = `http://127.0.0.1:${services.identity}`;
    // the launcher registers the web app's callback on the port it gave the web app
    const webUrl = `http://127.0.0.1:${services.web}`;
    expect(output).toContain(`Open ${webUrl} in a browser to use the service.`);
    const admin = await signIn(
      issuer,
      { username: 'admin', password: adminLine.split('\t')[1] },
      `${webUrl}/auth/callback`,
    );
    for (const service of ['referral-intake', 'channel-panel']) {
      const audit = `http://127.0.0.1:${services[service]}/audit/entries`;
      expect((await fetch(audit)).status).toBe(401);
      const answer = await fetch(audit, { headers: { authorization: `Bearer ${admin.accessToken}` } });
      expect({ service, status: answer.status }).toEqual({ service, status: 200 });
    }

    const second = launch(dataDir);
    launched.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(`already running (pid ${first.process.pid})`);
    expect(second.output()).not.toContain('starting PostgreSQL');

    first.process.kill('SIGINT');
    expect(await first.exited).toBe(0);
    for (const [name, pid] of Object.entries(pids))
      expect({ name, alive: isAlive(pid) }).toEqual({ name, alive: false });
    expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 90_000);

  it('keeps the data across restarts, and stops everything with a failure when a service dies', async () => {
    const run = launch(dataDir);
    launched.push(run);
    expect(await allReady(run, 30_000)).toEqual(allReadyStatuses());
    const pids = startedPids(await runningTable(run));
    expect(run.output()).not.toContain('initialising PostgreSQL cluster');
    expect(run.output()).not.toContain('creating database prevent');
    expect(run.output()).not.toContain('demo users created on first start');
    expect(run.output()).toContain(`readable by you only): ${join(dataDir, 'identity-demo-users.txt')}`);
    Object.values(pids).forEach((pid) => seenPids.add(pid));

    process.kill(pids['channel-panel'], 'SIGKILL');
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('channel-panel exited unexpectedly (signal SIGKILL)');
    for (const [name, pid] of Object.entries(pids))
      expect({ name, alive: isAlive(pid) }).toEqual({ name, alive: false });
    expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(false);
  }, 90_000);
});

describe('a service started with malformed or missing variables', () => {
  it('stops at boot with exit code 1 and one message naming every variable', () => {
    const main = join(root, 'dist/apps/referral-intake/src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does).`);
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OIDC_')));
    const result = spawnSync(process.execPath, [main], {
      env: { ...env, REFERRAL_INTAKE_PORT: 'abc', DATABASE_URL: 'postgres://127.0.0.1:1/x' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'fatal',
        app: 'referral-intake',
        message:
          'Invalid configuration: OIDC_ISSUER is required; OIDC_AUDIENCE is required; ' +
          'REFERRAL_INTAKE_PORT must be a port number (got "abc")',
      }),
    ]);
  });
});
