import { quoteIdentifier, readModelRole, readModelSchema } from '@lib/platform';
import { installReadModelSchema } from '@lib/platform';
import type pg from 'pg';

/**
 * The statistics projection's table: one row per referral (or per case a local authority opened
 * itself), codes and dates only — no names, dates of birth, addresses or free text (domain §7).
 * It lives in the service's read-model schema (`compliance_reporting_read`), owned by that
 * schema's role; the service's working role (the pool's, which the inbox's transaction runs as)
 * may read and write its rows, so that a message's effect commits with its inbox record (ADR 090).
 *
 * The table name carries the projection's version: a new version is built beside the live one.
 */
export const STATISTICS_PROJECTION_VERSION = 1;

export function statisticsTable(serviceSchema: string, version = STATISTICS_PROJECTION_VERSION): string {
  return `${quoteIdentifier(readModelSchema(serviceSchema))}.${quoteIdentifier(`referral_statistics_v${version}`)}`;
}

function ddl(table: string, version: number): string {
  // index names are schema-wide: version 1 keeps the name it shipped with
  const index = version === 1 ? 'referral_statistics_received_idx' : `referral_statistics_v${version}_received_idx`;
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  statistic_id text PRIMARY KEY,
  origin text NOT NULL,
  referral_id uuid UNIQUE,
  case_id uuid UNIQUE,
  received_at timestamptz,
  received_on date,
  financial_year text,
  quarter text,
  area text,
  region text,
  sector text,
  concern_code_list text,
  concern_codes text[],
  age_at_referral integer,
  gender text,
  outcome text,
  decided_at timestamptz,
  decisions integer NOT NULL DEFAULT 0,
  channel_area text,
  first_discussed_at timestamptz,
  not_adopted_outcome text,
  not_adopted_at timestamptz,
  adopted_at timestamptz,
  consent_outcome text,
  consent_recorded_at timestamptz,
  support_started_at timestamptz,
  exit_outcome text,
  exited_on date,
  closed_at timestamptz,
  returned_to_police_reason text,
  returned_to_police_at timestamptz,
  transfers integer NOT NULL DEFAULT 0,
  review_6_due_on date,
  review_6_completed_at timestamptz,
  review_6_outcome text,
  review_12_due_on date,
  review_12_completed_at timestamptz,
  review_12_outcome text,
  withdrawn_at timestamptz,
  withdrawal_reason text
);
CREATE INDEX IF NOT EXISTS ${quoteIdentifier(index)} ON ${table} (received_on);
COMMENT ON TABLE ${table} IS
  'Statistics of referrals and Channel cases from the integration events: codes and dates only, no personal data.';
`;
}

/**
 * Creates the read-model schema (if the read-models module has not) and the projection's table,
 * as the database owner; hands the table to the read-model role and lets `appRole` (the pool's
 * role, when the service runs the PostgreSQL event store) read and write its rows.
 */
export async function installStatisticsSchema(
  owner: pg.ClientBase,
  serviceSchema: string,
  options: { appRole?: string; version?: number } = {},
): Promise<void> {
  const readSchema = readModelSchema(serviceSchema);
  await installReadModelSchema(owner, readSchema);
  const table = statisticsTable(serviceSchema, options.version);
  await owner.query('BEGIN');
  try {
    await owner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`statistics:${table}`]);
    await owner.query(ddl(table, options.version ?? STATISTICS_PROJECTION_VERSION));
    await owner.query(`ALTER TABLE ${table} OWNER TO ${quoteIdentifier(readModelRole(readSchema))}`);
    if (options.appRole) {
      const role = quoteIdentifier(options.appRole);
      await owner.query(`GRANT USAGE ON SCHEMA ${quoteIdentifier(readSchema)} TO ${role}`);
      await owner.query(`GRANT SELECT, INSERT, UPDATE ON ${table} TO ${role}`);
    }
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
