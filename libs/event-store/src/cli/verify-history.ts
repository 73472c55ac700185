import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { ChainBreak } from '../hash-chain.js';
import { verifyPostgresHistory } from '../verify/history-verifier.js';

/**
 * `npm run verify-history`: recomputes the hash chains of the event store and names the first
 * broken link of each broken stream.
 *
 * - `DATABASE_URL`: default the embedded runtime's database.
 * - `EVENT_STORE_SCHEMAS`: comma-separated; default every schema holding an event store.
 *
 * Exit code 0 when every chain holds, 1 when one is broken, 2 when the check could not run.
 */
export const DEFAULT_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54320/prevent';

export async function runVerifyHistory(
  env: Record<string, string | undefined> = process.env,
  // The command's report on standard output: schema names, stream ids, revisions — never event data.
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL || DEFAULT_DATABASE_URL, max: 1 });
  pool.on('error', () => undefined);
  try {
    const schemas = env.EVENT_STORE_SCHEMAS
      ? env.EVENT_STORE_SCHEMAS.split(',')
          .map((schema) => schema.trim())
          .filter((schema) => schema.length > 0)
      : await eventStoreSchemas(pool);
    if (schemas.length === 0) {
      out('No event store found.');
      return 2;
    }
    let broken = false;
    for (const schema of schemas) {
      const report = await verifyPostgresHistory(pool, schema);
      const verdict = report.breaks.length === 0 ? 'intact' : `${report.breaks.length} broken stream(s)`;
      out(`${schema}: ${report.streamsChecked} streams, ${report.eventsChecked} events checked: ${verdict}`);
      for (const link of report.breaks) out(`  ${describeBreak(link)}`);
      broken ||= report.breaks.length > 0;
    }
    return broken ? 1 : 0;
  } catch (error) {
    out(`verify-history failed: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await pool.end().catch(() => undefined);
  }
}

export function describeBreak(link: ChainBreak): string {
  switch (link.kind) {
    case 'revision-gap':
      return `BROKEN stream ${link.streamId} at revision ${link.revision}: revision-gap (revision ${link.expectedRevision} is missing)`;
    case 'content-altered':
    case 'link-broken':
      return `BROKEN stream ${link.streamId} at revision ${link.revision}: ${link.kind} (event ${link.eventId})`;
  }
}

/** Schemas with a table `events` shaped like the event store's (hash-chained, transaction-ordered). */
async function eventStoreSchemas(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.columns
      WHERE table_name = 'events' AND column_name IN ('previous_hash', 'transaction_id', 'hash')
      GROUP BY table_schema HAVING count(*) = 3 ORDER BY table_schema`,
  );
  return rows.map((row) => row.schema);
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runVerifyHistory().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
