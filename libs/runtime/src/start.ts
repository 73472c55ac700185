import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type AppToStart, DEFAULT_PORTS, discoverApps, parsePort, portVariable } from './app-discovery.js';
import { isAlive, type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres.js';
import { acquireRuntimeLock } from './runtime-lock.js';

/**
 * `npm start`: the whole system on one machine. Embedded PostgreSQL (data kept under
 * PREVENT_DATA_DIR, default ./.data), then the identity provider, then every other built app as
 * its own process, each told to trust that provider's tokens; waits until each is ready and
 * prints where each listens and where the demo users are. SIGINT/SIGTERM stop the apps, then
 * PostgreSQL, and leave nothing behind.
 */

const DATABASE = 'prevent';
const IDENTITY = 'identity';
/** The audience of the system's APIs: what `apps/identity` puts in `aud`, what every service accepts. */
const API_AUDIENCE = 'urn:prevent:api';
/** Written by `apps/identity` on its first start (mode 0600): the demo users and their passwords. */
const DEMO_USERS_FILE = 'identity-demo-users.txt';
const distRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = resolve(process.env.PREVENT_DATA_DIR || '.data');
const host = process.env.HOST || '127.0.0.1';
const readyTimeoutMs = Number(process.env.READY_TIMEOUT_MS || 60_000);
const stopTimeoutMs = Number(process.env.STOP_TIMEOUT_MS || 10_000);

interface RunningApp extends AppToStart {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

const width = 22;
const say = (source: string, line: string) => process.stdout.write(`${source.padEnd(width)}| ${line}\n`);
const runtimeSays = (line: string) => say('runtime', line);

// embedded-postgres installs SIGINT/SIGTERM/SIGHUP hooks that stop the server and exit at
// once; the launcher stops the apps first, so it takes these signals over.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);

let postgres: RunningPostgres | undefined;
let postmasterPid: number | undefined;
const apps: RunningApp[] = [];
let stopping: Promise<never> | undefined;
let releaseLock: () => void = () => undefined;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) runtimeSays(`${signal} again: still stopping`);
    else runtimeSays(`${signal}: stopping`);
    void shutdown(0);
  });
}

await main().catch((error: unknown) => {
  runtimeSays(`failed: ${error instanceof Error ? error.message : String(error)}`);
  return shutdown(1);
});

async function main(): Promise<void> {
  const pgPort = parsePort('PG_PORT', process.env.PG_PORT) ?? 54320;
  const toStart = discoverApps(distRoot, process.env);
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireRuntimeLock(join(dataDir, 'runtime.lock'));
  if (!lock.acquired) {
    process.stderr.write(
      `Prevent is already running (pid ${lock.heldBy}) on ${dataDir}; stop it first (Ctrl-C in its terminal, or kill ${lock.heldBy}).\n`,
    );
    process.exit(1);
  }
  releaseLock = lock.release;

  if (toStart.length === 0) runtimeSays(`no app found under ${join(distRoot, 'apps')}: run npm run build`);
  runtimeSays(`starting PostgreSQL on 127.0.0.1:${pgPort} (data in ${join(dataDir, 'postgres')})`);
  postgres = await startEmbeddedPostgres({
    dataDir: join(dataDir, 'postgres'),
    port: pgPort,
    onLog: (line) => line.split('\n').forEach((part) => part && say('postgres', part)),
  });
  postmasterPid = readPostmasterPid();
  await ensureDatabase(postgres);
  const databaseUrl = postgres.url(DATABASE);
  const identityPort =
    toStart.find((app) => app.name === IDENTITY)?.port ??
    parsePort(portVariable(IDENTITY), process.env[portVariable(IDENTITY)]) ??
    DEFAULT_PORTS[IDENTITY];
  // the issuer is named by the address the services reach it on, whatever HOST the apps listen on
  const issuer = `http://127.0.0.1:${identityPort}`;
  const shared = {
    DATABASE_URL: databaseUrl,
    OIDC_ISSUER: issuer,
    OIDC_AUDIENCE: API_AUDIENCE,
    // where the web app finds the services and the identity provider's admin API, and how it is reached
    ...serviceAddresses(toStart, identityPort),
  };

  // the identity provider first, so that the services' first calls find its keys; the services
  // would start without it too (they fetch the keys on first use)
  const identity = toStart.find((app) => app.name === IDENTITY);
  if (identity) {
    const running = startApp(identity, {
      ...shared,
      IDENTITY_ISSUER: issuer,
      IDENTITY_AUDIENCE: API_AUDIENCE,
      IDENTITY_WEB_REDIRECT_URIS: `${shared.WEB_PUBLIC_URL}/auth/callback`,
      IDENTITY_WEB_POST_LOGOUT_REDIRECT_URIS: `${shared.WEB_PUBLIC_URL}/signed-out`,
    });
    apps.push(running);
    await waitUntilReady(running);
  }
  const services = toStart.filter((app) => app.name !== IDENTITY).map((app) => startApp(app, shared));
  apps.push(...services);
  await Promise.all(services.map(waitUntilReady));

  const rows: string[][] = [
    ['app', 'listens on', 'pid'],
    ...apps.map((app) => [app.name, `http://${host}:${app.port}`, String(app.child.pid)]),
    ['postgres', `${postgres.host}:${postgres.port}/${DATABASE}`, String(postmasterPid ?? '?')],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const table = rows.map(
    (row) =>
      '  ' +
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('   ')
        .trimEnd(),
  );
  const demoUsers = join(dataDir, DEMO_USERS_FILE);
  const signIn = existsSync(demoUsers)
    ? `Demo users (usernames, passwords, roles; readable by you only): ${demoUsers}`
    : identity
      ? `No demo users file at ${demoUsers} (the demo users are made only on the identity provider's first start).`
      : 'No identity provider built: run npm run build.';
  process.stdout.write(
    `\nPrevent is running. Ctrl-C stops everything.\n\n${table.join('\n')}\n\n${toStart.some((app) => app.name === 'web') ? `Open ${shared.WEB_PUBLIC_URL} in a browser to use the service.\n` : ''}Identity provider: ${issuer} (OpenID Connect; tokens for ${API_AUDIENCE}).\n${signIn}\n\n`,
  );
}

/** The addresses the apps reach each other on (always loopback, whatever HOST they listen on). */
function serviceAddresses(
  toStart: readonly AppToStart[],
  identityPort: number,
): {
  WEB_PUBLIC_URL: string;
  REFERRAL_INTAKE_URL: string;
  CHANNEL_PANEL_URL: string;
  COMPLIANCE_REPORTING_URL: string;
  IDENTITY_ADMIN_URL: string;
} {
  const portOf = (name: string) =>
    toStart.find((app) => app.name === name)?.port ??
    parsePort(portVariable(name), process.env[portVariable(name)]) ??
    DEFAULT_PORTS[name];
  const at = (name: string) => `http://127.0.0.1:${portOf(name)}`;
  return {
    WEB_PUBLIC_URL: process.env.WEB_PUBLIC_URL?.replace(/\/$/, '') || at('web'),
    REFERRAL_INTAKE_URL: at('referral-intake'),
    CHANNEL_PANEL_URL: at('channel-panel'),
    COMPLIANCE_REPORTING_URL: at('compliance-reporting'),
    IDENTITY_ADMIN_URL: `http://127.0.0.1:${identityPort}`,
  };
}

function readPostmasterPid(): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function ensureDatabase(server: RunningPostgres): Promise<void> {
  const client = new pg.Client({ connectionString: server.url('postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) {
      runtimeSays(`creating database ${DATABASE}`);
      await client.query(`CREATE DATABASE ${DATABASE}`);
    }
  } finally {
    await client.end();
  }
}

function startApp(app: AppToStart, env: Readonly<Record<string, string>>): RunningApp {
  runtimeSays(`starting ${app.name} on port ${app.port}`);
  const child = spawn(process.execPath, [app.main], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      ...env,
      PREVENT_DATA_DIR: dataDir,
      HOST: host,
      PORT: String(app.port),
      [app.portVariable]: String(app.port),
    },
    // Its own process group, so a Ctrl-C reaches the launcher only and the launcher stops the
    // apps in order; the IPC channel lets an app notice when the launcher is gone.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => say(app.name, line));
  }
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      if (!stopping) {
        runtimeSays(
          `${app.name} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); stopping the rest`,
        );
        void shutdown(1);
      }
      resolveExit();
    });
  });
  child.on('error', (error) => runtimeSays(`${app.name}: ${error.message}`));
  return { ...app, child, exited };
}

async function waitUntilReady(app: RunningApp): Promise<void> {
  const url = `http://${host}:${app.port}/health/ready`;
  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null || app.child.signalCode !== null)
      throw new Error(`${app.name} exited before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(200);
  }
  throw new Error(`${app.name} was not ready within ${readyTimeoutMs} ms (${url}: ${last})`);
}

function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    await Promise.all(apps.map(stopApp));
    if (postgres) {
      runtimeSays('stopping PostgreSQL');
      await stopPostgres(postgres);
    }
    releaseLock();
    runtimeSays(code === 0 ? 'stopped' : `stopped (exit code ${code})`);
    process.exit(code);
  })();
  return stopping;
}

async function stopApp(app: RunningApp): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const stopped = await Promise.race([app.exited.then(() => true), sleep(stopTimeoutMs).then(() => false)]);
  if (!stopped) {
    runtimeSays(`${app.name} did not stop within ${stopTimeoutMs} ms: killing it`);
    app.child.kill('SIGKILL');
    await app.exited;
  }
}

/** Fast shutdown (SIGINT); immediate shutdown (SIGQUIT) if the server outlives the timeout. */
async function stopPostgres(server: RunningPostgres): Promise<void> {
  const pid = postmasterPid ?? readPostmasterPid();
  const gone = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (pid !== undefined && isAlive(pid) && Date.now() < deadline) await sleep(50);
    return pid === undefined || !isAlive(pid);
  };
  // embedded-postgres waits for an exit event that never comes if the server already stopped
  // (a Ctrl-C in the terminal reaches it too), so the postmaster's pid is watched as well.
  const stopped = server.stop().catch(() => undefined);
  await (pid === undefined
    ? Promise.race([stopped, sleep(stopTimeoutMs)])
    : Promise.race([stopped, gone(stopTimeoutMs)]));
  if (pid !== undefined && !(await gone(stopTimeoutMs))) {
    runtimeSays(`PostgreSQL (pid ${pid}) did not stop: immediate shutdown`);
    process.kill(pid, 'SIGQUIT');
    await gone(stopTimeoutMs);
  }
  if (existsSync(join(dataDir, 'postgres', 'postmaster.pid')) && pid !== undefined && isAlive(pid)) {
    runtimeSays(`PostgreSQL (pid ${pid}) is still running`);
  }
}
