import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresLogTransport } from '@lib/messaging';
import {
  createTestDatabase,
  startTestIssuer,
  startTestApp,
  type RunningTestApp,
  type TestDatabase,
} from '@lib/testing';
import { AppModule } from '../src/app.module.js';
import { SERVICE_NAME, SERVICE_SCHEMA } from '../src/config/compliance-reporting.config.js';
import { generateYear } from './synthetic-statistics-year.js';

/** Column names that would hold personal data (domain §7): none may exist in the service's schemas. */
const PERSONAL_COLUMN =
  /name|birth|dob|address|postcode|email|phone|telephone|mobile|nhs|national_insurance|\bni_|description|narrative|note|comment|free_text|rationale|minutes|ethnic|religion|subject_id|person/i;
/**
 * Columns the deny-list names that hold no personal data: the platform's audit of reads (the
 * `person` read, which this service never records: checked empty below) and the names of
 * specified authorities (organisations, in authority compliance).
 */
const NOT_PERSONAL = (table: string, column: string): boolean =>
  (table === 'audit_log' && column === 'person') || (table.startsWith('authority') && column === 'name');

/** What a stored text value may look like: a code, an ONS code, a uuid, a date or instant, a stream/group name. */
const ALLOWED_TEXT = [
  /^[a-z0-9]+(-[a-z0-9]+)*$/, // codes
  /^(E0[6-9]|E12|W06|W92)[0-9]{6}$/, // ONS codes
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, // ids
  /^\d{4}\/\d{2}( Q[1-4])?$/, // financial years and quarters
  /^[a-z0-9.-]+$/i, // consumer groups, topics, contract types, event ids
];

/**
 * Item 6 of issue 7: the service stores no personal data. The app boots on an empty database, the
 * panel's and the intake's events arrive on the PostgreSQL log, and then every column of every
 * table in the service's schemas is checked by name, and every stored text value by shape.
 */
describe('compliance-reporting stores no personal data', () => {
  let db: TestDatabase;
  let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
  let app: RunningTestApp;
  let transport: PostgresLogTransport;

  beforeAll(async () => {
    db = await createTestDatabase('statsnopd');
    issuer = await startTestIssuer({ audience: 'prevent' });
    app = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: db.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: 'prevent',
    });
    transport = new PostgresLogTransport({ pool: db.pool, schema: 'messaging' });
    const year = generateYear(150, 7);
    await transport.publish('referral-intake.referrals', year.referralMessages);
    await transport.publish('channel-panel.cases', year.caseMessages);
    const expected = year.referralMessages.length + year.caseMessages.length;
    // the log's horizon is cluster-wide (ADR 003): poll for the effect
    const deadline = Date.now() + 20_000;
    for (;;) {
      const handled = await db.pool
        .query<{ n: string }>(`SELECT count(*) AS n FROM ${SERVICE_SCHEMA}.inbox`)
        .then((result) => Number(result.rows[0]!.n))
        .catch(() => 0);
      if (handled >= expected) break;
      if (Date.now() > deadline) throw new Error(`handled ${handled} of ${expected} messages`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 40_000);

  afterAll(async () => {
    await transport?.close();
    await app?.close();
    await issuer?.close();
    await db?.drop();
  });

  const schemas = [SERVICE_SCHEMA, `${SERVICE_SCHEMA}_read`];

  it('has consumed the events into the statistics table', async () => {
    const { rows } = await db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${SERVICE_SCHEMA}_read.referral_statistics_v1`,
    );
    expect(Number(rows[0]!.n)).toBeGreaterThan(100);
  });

  it('has no column named for personal data in any table of its schemas', async () => {
    const { rows } = await db.pool.query<{ table_schema: string; table_name: string; column_name: string }>(
      `SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE table_schema = ANY($1)`,
      [schemas],
    );
    expect(rows.length).toBeGreaterThan(30);
    const personal = rows.filter(
      (row) => PERSONAL_COLUMN.test(row.column_name) && !NOT_PERSONAL(row.table_name, row.column_name),
    );
    expect(personal).toEqual([]);
  });

  it('has nothing in the platform audit of reads of a person', async () => {
    const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${SERVICE_SCHEMA}.audit_log`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('holds no envelope, free text or date of birth in any stored value', async () => {
    const { rows: tables } = await db.pool.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'`,
      [schemas],
    );
    let scanned = 0;
    const offending: string[] = [];
    for (const { table_schema, table_name } of tables) {
      const { rows } = await db.pool.query<{ row: Record<string, unknown> }>(
        `SELECT to_jsonb(t) AS row FROM "${table_schema}"."${table_name}" t`,
      );
      for (const { row } of rows) {
        for (const [column, value] of Object.entries(row)) {
          for (const text of textsOf(value)) {
            scanned += 1;
            const envelope = text.includes('"$pd"') || /"ct"\s*:/.test(text);
            const dateLike = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text);
            // dates are the events' own (received, decided, exited): a date of birth has no column to live in
            if (envelope || (!dateLike && !ALLOWED_TEXT.some((shape) => shape.test(text)))) {
              offending.push(`${table_schema}.${table_name}.${column}: ${text.slice(0, 60)}`);
            }
          }
        }
      }
    }
    expect(scanned).toBeGreaterThan(1000);
    expect(offending).toEqual([]);
  });
});

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}
