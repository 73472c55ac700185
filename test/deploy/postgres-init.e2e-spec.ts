import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type RunningPostgres, startEmbeddedPostgres } from '../../libs/runtime/src/embedded-postgres.js';
import { composeEnvironment, distributedApps, readCompose, readEnvExample, root } from './support/deployment.js';

/**
 * The part of the distributed mode that can run here: PostgreSQL. deploy/postgres/init-databases.sh
 * (the one-shot job postgres-init) runs against a fresh PostgreSQL 18 cluster of its own, twice
 * (it must be idempotent), with .env.example's passwords; then every built app starts with its
 * compose settings — its own database and login role, which is not a superuser — and must become
 * ready. Only the engines that cannot run here are swapped: the PostgreSQL event store and log
 * instead of KurrentDB and Kafka (the PostgreSQL event store needs more of the database than
 * KurrentDB mode does: its restricted role, SET ROLE, grants), and an issuer that is never called.
 * With separate databases the PostgreSQL log would not carry events between services: the
 * distributed mode needs Kafka, and this test proves only the databases and roles.
 *
 * Needs psql (Debian's postgresql-client; .ci/run installs it); skipped, and says so, without it.
 */
const RUN_SLOT = Number(process.env.TEST_PG_PORT ?? 54329) % 100;
const PG_PORT = 12200 + RUN_SLOT; // fixed ports below the ephemeral range (32768+)
const PORT_BASE = 13000 + RUN_SLOT * 10;
const psql = spawnSync('psql', ['--version'], { encoding: 'utf8' });
const SKIPPED = 'deploy/postgres/init-databases.sh not run: psql is not installed';

interface Started {
  readonly app: string;
  readonly port: number;
  readonly child: ChildProcess;
  output: string;
}

if (psql.status === 0) {
  describe('deploy/postgres/init-databases.sh, and every app on the databases and roles it makes', () => {
    const compose = readCompose();
    const variables = readEnvExample();
    const apps = distributedApps();
    let server: RunningPostgres;
    let work: string;
    let dataDir: string;
    const started: Started[] = [];

    function runInit() {
      const job = composeEnvironment(compose.services['postgres-init'], variables);
      return spawnSync('bash', [join(root, 'deploy/postgres/init-databases.sh')], {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          ...job,
          PGHOST: server.host,
          PGPORT: String(server.port),
          PGUSER: server.user,
          PGPASSWORD: server.password,
        },
      });
    }

    /** The app's compose environment, on this machine's engines. */
    function environmentOf(app: string, port: number): NodeJS.ProcessEnv {
      const env = composeEnvironment(compose.services[app], variables);
      const database = new URL(env.DATABASE_URL);
      database.hostname = server.host;
      database.port = String(server.port);
      const swapped: Record<string, string | undefined> = {
        ...env,
        DATABASE_URL: database.href,
        HOST: '127.0.0.1',
        PORT: String(port),
        WEB_PORT: env.WEB_PORT === undefined ? undefined : String(port),
        OIDC_ISSUER: 'http://127.0.0.1:9/realms/prevent',
        OIDC_JWKS_URI: env.OIDC_JWKS_URI === undefined ? undefined : 'http://127.0.0.1:9/certs',
        PREVENT_DATA_DIR: dataDir,
      };
      if (app !== 'web') {
        Object.assign(swapped, {
          EVENT_STORE: 'postgres',
          KURRENTDB_URL: undefined,
          EVENT_TRANSPORT: 'postgres',
          KAFKA_BROKERS: undefined,
        });
      }
      return Object.fromEntries(
        Object.entries({ PATH: process.env.PATH, ...swapped }).filter(([, value]) => value !== undefined),
      );
    }

    async function ready(app: Started, timeoutMs: number): Promise<number> {
      const deadline = Date.now() + timeoutMs;
      let status = 0;
      while (Date.now() < deadline && app.child.exitCode === null) {
        status = await fetch(`http://127.0.0.1:${app.port}/health/ready`, { signal: AbortSignal.timeout(1000) })
          .then((response) => response.status)
          .catch(() => 0);
        if (status === 200) return status;
        await sleep(250);
      }
      process.stderr.write(`${app.app} (status ${status}) output:\n${app.output.slice(-4000)}\n`);
      return status;
    }

    beforeAll(async () => {
      mkdirSync(join(root, '.data'), { recursive: true });
      work = mkdtempSync(join(root, '.data', `test-deploy-${PG_PORT}-`));
      dataDir = join(work, 'app-data');
      server = await startEmbeddedPostgres({
        dataDir: join(work, 'postgres'),
        port: PG_PORT,
        unsafeFastForTests: true,
      });
    }, 60_000);

    afterAll(async () => {
      await Promise.all(
        started.map(
          ({ child }) =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
      await server?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    }, 60_000);

    it('makes one database and one login role per service, and runs again without harm', async () => {
      for (let run = 1; run <= 2; run += 1) {
        const result = runInit();
        expect({ run, status: result.status, stderr: result.stderr }).toEqual({ run, status: 0, stderr: '' });
        expect(result.stdout).toContain('postgres-init: database casework, owner casework');
      }
      const admin = new pg.Client({ connectionString: server.url('postgres') });
      await admin.connect();
      try {
        const { rows: databases } = await admin.query<{ datname: string; owner: string }>(
          `SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database
            WHERE datname IN ('casework', 'reporting', 'web', 'keycloak') ORDER BY datname`,
        );
        expect(databases).toEqual([
          { datname: 'casework', owner: 'casework' },
          { datname: 'keycloak', owner: 'keycloak' },
          { datname: 'reporting', owner: 'reporting' },
          { datname: 'web', owner: 'web' },
        ]);
        const { rows: roles } = await admin.query<{ rolname: string; rolsuper: boolean; rolcreaterole: boolean }>(
          `SELECT rolname, rolsuper, rolcreaterole FROM pg_roles
            WHERE rolname IN ('casework', 'reporting', 'web', 'keycloak') ORDER BY rolname`,
        );
        expect(roles).toEqual([
          { rolname: 'casework', rolsuper: false, rolcreaterole: true },
          { rolname: 'keycloak', rolsuper: false, rolcreaterole: false },
          { rolname: 'reporting', rolsuper: false, rolcreaterole: true },
          { rolname: 'web', rolsuper: false, rolcreaterole: false },
        ]);
      } finally {
        await admin.end();
      }
      // a role cannot connect to another's database
      const web = new pg.Client({
        connectionString: `postgres://web:${variables.get('WEB_DB_PASSWORD')}@${server.host}:${server.port}/casework`,
      });
      await expect(web.connect()).rejects.toThrow(/permission denied for database "casework"/);
      await web.end().catch(() => undefined);
    }, 60_000);

    it('lets every app install its schemas as its own login role and become ready', async () => {
      apps.forEach((app, index) => {
        const port = PORT_BASE + index;
        const child = spawn(process.execPath, [join(root, 'dist/apps', app, 'src/main.js')], {
          cwd: root,
          env: environmentOf(app, port),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const entry: Started = { app, port, child, output: '' };
        child.stdout?.on('data', (chunk: Buffer) => (entry.output += chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => (entry.output += chunk.toString()));
        started.push(entry);
      });
      const statuses = Object.fromEntries(
        await Promise.all(started.map(async (app) => [app.app, await ready(app, 60_000)] as const)),
      );
      expect(statuses).toEqual(Object.fromEntries(apps.map((app) => [app, 200])));
      // the referral-intake and channel-panel share the key store; the reporting service has none
      const schemas = async (database: string) => {
        const client = new pg.Client({ connectionString: server.url(database) });
        await client.connect();
        try {
          const { rows } = await client.query<{ nspname: string }>(
            `SELECT nspname FROM pg_namespace WHERE nspname !~ '^(pg_|information_schema|public)' ORDER BY nspname`,
          );
          return rows.map((row) => row.nspname);
        } finally {
          await client.end();
        }
      };
      expect(await schemas('casework')).toEqual(
        expect.arrayContaining(['channel_panel', 'messaging', 'personal_data', 'referral_intake']),
      );
      expect(await schemas('reporting')).toEqual(
        expect.arrayContaining(['compliance_reporting', 'reporting_messaging']),
      );
      expect(await schemas('reporting')).not.toContain('personal_data');
      expect(await schemas('web')).toEqual(['web']);
      // given its keys and secrets, no app writes anything to its local disk (a read-only root file system)
      expect(existsSync(dataDir) ? readdirSync(dataDir, { recursive: true }) : []).toEqual([]);
    }, 90_000);
  });
} else {
  // Skipped, visibly, only without psql (the script under test is a psql script): `.ci/run`
  // installs Debian's postgresql-client, so CI always runs it.
  process.stderr.write(`\n${SKIPPED}\n`);
  describe.skip(SKIPPED, () => {
    it.skip(SKIPPED, () => undefined);
  });
}
