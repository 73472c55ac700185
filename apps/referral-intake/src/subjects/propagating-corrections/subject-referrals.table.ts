import { assertSchemaName } from '@lib/event-store';
import type pg from 'pg';

/** The table name, in the service's own schema. */
export const SUBJECT_REFERRALS_TABLE = 'subject_referrals';

/**
 * Installs `<schema>.subject_referrals` (idempotent; run as the database owner): which referrals point
 * to which subject, kept by the corrections' process manager from `ReferralReceived` and
 * `ReferralLinkedToSubject`. One row per referral with the revision of the event that set it, so a
 * replay never moves a referral back to an earlier subject. Ids only, nothing personal. With
 * `appRole`, the service's restricted role may read and write it (and nothing more than it had).
 * Serialised with the event store's installation of the same schema by its advisory lock.
 */
export async function installSubjectReferrals(client: pg.ClientBase, schema: string, appRole?: string): Promise<void> {
  assertSchemaName(schema);
  if (appRole !== undefined) assertSchemaName(appRole);
  const table = `${schema}.${SUBJECT_REFERRALS_TABLE}`;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`event-store:${schema}`]);
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${table} (
        referral_id text PRIMARY KEY,
        subject_id text NOT NULL,
        revision integer NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${SUBJECT_REFERRALS_TABLE}_by_subject ON ${table} (subject_id);
      COMMENT ON TABLE ${table} IS
        'The subject each referral points to (from ReferralReceived and ReferralLinkedToSubject), for re-publishing a subject''s corrections on its referrals.';
    `);
    if (appRole !== undefined) {
      await client.query(`
        DO $role$
        BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${appRole}') THEN
            CREATE ROLE ${appRole} NOLOGIN;
          END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
          NULL;
        END $role$;
        GRANT USAGE ON SCHEMA ${schema} TO ${appRole};
        GRANT SELECT, INSERT, UPDATE ON ${table} TO ${appRole};
      `);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
