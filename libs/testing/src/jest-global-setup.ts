// Jest loads its global setup and teardown through require(), outside moduleNameMapper: hence the .ts imports.
import pg from 'pg';
import { startEmbeddedPostgres } from '../../runtime/src/embedded-postgres.ts';
import { TEST_PG_ENV } from './test-postgres.ts';

/** Starts the run's PostgreSQL server (reusing its data directory) and clears databases left by an earlier run. */
export default async function globalSetup(): Promise<void> {
  const port = Number(process.env.TEST_PG_PORT ?? 54329);
  const server = await startEmbeddedPostgres({
    dataDir: `.data/test-postgres-${port}`,
    port,
    unsafeFastForTests: true,
  });
  (globalThis as Record<string, unknown>).__preventTestPostgres = server;
  process.env[TEST_PG_ENV] = `postgres://${server.user}:${server.password}@${server.host}:${server.port}`;
  const client = new pg.Client({ connectionString: server.url('postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ '^[a-z]+_[0-9a-f]{12}$'`,
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
