import { cpus, totalmem } from 'node:os';
import { startEmbeddedPostgres } from '@lib/runtime';
import { comparisonTable } from './bench-kit.js';
import { runEventStoreBench } from './event-store.bench.js';
import { messagingTable, runMessagingBench } from './messaging.bench.js';

/**
 * `npm run bench`: starts its own embedded PostgreSQL (durable settings: fsync on, as in
 * production), runs every benchmark against it, and prints each figure beside a baseline
 * measured in the same run on the same server. BENCH_SCALE multiplies the work (default 2).
 */
async function main(): Promise<void> {
  const port = Number(process.env.BENCH_PG_PORT ?? 54340);
  const scale = Number(process.env.BENCH_SCALE ?? 2);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const server = await startEmbeddedPostgres({
    dataDir: `${process.env.PREVENT_DATA_DIR ?? '.data'}/bench-postgres`,
    port,
  });
  try {
    const version = await serverVersion(server.url('postgres'));
    console.log(`# Benchmarks — ${new Date().toISOString()}`);
    console.log(
      `machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${version} (embedded, fsync on); scale ${scale}, median of ${rounds} alternating rounds after a warm-up`,
    );
    console.log('\n## Event store (PostgreSQL adapter) against raw PostgreSQL\n');
    const rows = await runEventStoreBench({ serverUrl: server.url, scale, rounds });
    console.log(comparisonTable(rows));
    const single = rows.find((row) => row.scenario.startsWith('append 1 event, 1 writer'));
    if (single) {
      const ratio = single.subject.itemsPerSecond / single.baseline.itemsPerSecond;
      console.log(
        `\nsingle-event appends reach ${(ratio * 100).toFixed(0)} % of the raw-INSERT baseline (target: at least 50 %).`,
      );
    }
    console.log('\n## Messaging: append → relay → PostgreSQL log → inbox → effect, against a direct subscription\n');
    console.log(messagingTable(await runMessagingBench({ serverUrl: server.url, scale, rounds })));
  } finally {
    await server.stop();
  }
}

async function serverVersion(url: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
