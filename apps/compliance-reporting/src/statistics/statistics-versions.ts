import { quoteIdentifier, readModelSchema } from '@lib/platform';
import type pg from 'pg';
import { STATISTICS_PROJECTION_VERSION } from './referral-statistics.schema.js';

/**
 * Which version of the statistics projection is live, which one a rebuild is building beside it,
 * and the highest version ever allocated (a version number, and so its consumer group, is never
 * reused). One row; the queries read `live_version`, the rebuild's switch-over updates it (ADR 091).
 */
export function statisticsVersionsTable(serviceSchema: string): string {
  return `${quoteIdentifier(readModelSchema(serviceSchema))}.${quoteIdentifier('statistics_versions')}`;
}

export interface StatisticsVersions {
  readonly live: number;
  readonly rebuilding: number | null;
  readonly previous: number | null;
  readonly latest: number;
  readonly rebuildStartedAt: string | null;
  readonly switchedAt: string | null;
}

/** As the database owner, after the read-model schema exists: the one row, version 1 live. */
export async function installStatisticsVersions(
  owner: pg.ClientBase,
  serviceSchema: string,
  options: { appRole?: string } = {},
): Promise<void> {
  const table = statisticsVersionsTable(serviceSchema);
  await owner.query(`
    CREATE TABLE IF NOT EXISTS ${table} (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      live_version integer NOT NULL,
      rebuilding_version integer,
      previous_version integer,
      latest_version integer NOT NULL,
      rebuild_started_at timestamptz,
      switched_at timestamptz
    );
    INSERT INTO ${table} (live_version, latest_version)
      VALUES (${STATISTICS_PROJECTION_VERSION}, ${STATISTICS_PROJECTION_VERSION})
      ON CONFLICT (singleton) DO NOTHING;
  `);
  if (options.appRole) await owner.query(`GRANT SELECT, UPDATE ON ${table} TO ${quoteIdentifier(options.appRole)}`);
}

export async function readStatisticsVersions(
  db: Pick<pg.ClientBase, 'query'>,
  serviceSchema: string,
): Promise<StatisticsVersions> {
  const { rows } = await db.query<{
    live_version: number;
    rebuilding_version: number | null;
    previous_version: number | null;
    latest_version: number;
    rebuild_started_at: Date | null;
    switched_at: Date | null;
  }>(`SELECT * FROM ${statisticsVersionsTable(serviceSchema)}`);
  const row = rows[0];
  if (!row) throw new Error('statistics versions not installed');
  return {
    live: row.live_version,
    rebuilding: row.rebuilding_version,
    previous: row.previous_version,
    latest: row.latest_version,
    rebuildStartedAt: row.rebuild_started_at?.toISOString() ?? null,
    switchedAt: row.switched_at?.toISOString() ?? null,
  };
}
