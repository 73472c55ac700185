import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresLogTransport } from '@lib/messaging';
import {
  createTestDatabase,
  startTestApp,
  startTestIssuer,
  TEST_AUDIENCE,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module.js';
import { SERVICE_NAME, SERVICE_SCHEMA } from '../src/config/compliance-reporting.config.js';
import { statisticsTable } from '../src/statistics/referral-statistics.schema.js';
import { statisticsGroupId } from '../src/statistics-integration/statistics.consumer.js';
import { generateYear, type SyntheticYear } from './synthetic-statistics-year.js';

const FY = 'financialYear=2024-25';

/**
 * Issue 7's "a rebuilt projection equals the live one" (ADR 091): a synthetic year goes through the
 * booted app's live consumer (version 1); an admin rebuilds it into version 2 from the start of the
 * topics while the API keeps answering and more events are published; the service switches to
 * version 2 when it has caught up, and version 2 equals version 1 row for row and table for table.
 */
describe('rebuilding the statistics beside the live version', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let running: RunningTestApp;
  let transport: PostgresLogTransport;
  let year: SyntheticYear;
  let during: SyntheticYear;

  const as = async (roles: string[]) => ({ authorization: `Bearer ${await issuer.sign({ sub: 'u', roles })}` });
  const handled = async (version: number): Promise<number> => {
    const { rows } = await database.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${SERVICE_SCHEMA}.inbox WHERE group_id = $1`,
      [statisticsGroupId(version)],
    );
    return Number(rows[0]!.n);
  };
  const until = async (what: string, condition: () => Promise<boolean>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const publish = async (messages: SyntheticYear) => {
    await transport.publish('channel-panel.cases', messages.caseMessages);
    await transport.publish('referral-intake.referrals', messages.referralMessages);
  };
  const rowsOf = async (version: number) =>
    (await database.pool.query(`SELECT * FROM ${statisticsTable(SERVICE_SCHEMA, version)} ORDER BY statistic_id`)).rows;
  const statistics = async () =>
    request(running.url)
      .get(`/statistics?${FY}`)
      .set(await as(['admin']));

  beforeAll(async () => {
    database = await createTestDatabase();
    issuer = await startTestIssuer({ audience: TEST_AUDIENCE });
    running = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: TEST_AUDIENCE,
    });
    transport = new PostgresLogTransport({
      pool: database.pool,
      schema: 'messaging',
      partitions: 8,
      pollIntervalMs: 50,
    });
    year = generateYear(300, 20240401);
    during = generateYear(40, 7);
    await until('the log to be installed', async () => {
      const { rows } = await database.pool.query(`SELECT to_regclass('messaging.messages') AS t`);
      return rows[0]!.t !== null;
    });
    await publish(year);
    const expected = year.caseMessages.length + year.referralMessages.length;
    await until('the live version to consume the year', async () => (await handled(1)) >= expected);
  }, 60_000);

  afterAll(async () => {
    await transport?.close();
    await running?.close();
    await issuer?.close();
    await database?.drop();
  });

  it('is refused to anyone but an admin', async () => {
    await request(running.url)
      .post('/admin/statistics/rebuild')
      .set(await as(['board-member']))
      .expect(403);
    const progress = await request(running.url)
      .get('/admin/statistics/rebuild')
      .set(await as(['admin']))
      .expect(200);
    expect(progress.body).toMatchObject({ liveVersion: 1, rebuild: null });
  });

  it('builds version 2 from the start of the topics, answers throughout, switches when caught up and equals version 1', async () => {
    const before = (await statistics()).body as { tables: unknown[] };
    expect(before.tables.length).toBeGreaterThan(5);
    const liveRows = await rowsOf(1);
    expect(liveRows.length).toBeGreaterThan(250);

    const started = await request(running.url)
      .post('/admin/statistics/rebuild')
      .set(await as(['admin']))
      .expect(202);
    expect(started.body).toMatchObject({ liveVersion: 1, rebuild: { version: 2 } });
    await request(running.url)
      .post('/admin/statistics/rebuild')
      .set(await as(['admin']))
      .expect(409);

    // more events arrive while the rebuild runs
    await publish(during);

    // the API answers from the live version throughout, and the progress shows the lag per partition
    const answers: number[] = [];
    let sawLag = false;
    await until('the switch to version 2', async () => {
      answers.push((await statistics()).status);
      const progress = await request(running.url)
        .get('/admin/statistics/rebuild')
        .set(await as(['admin']));
      const body = progress.body as { liveVersion: number; rebuild: { lag: { behind: number }[] } | null };
      if (body.rebuild?.lag.some((partition) => partition.behind > 0)) sawLag = true;
      return body.liveVersion === 2 && body.rebuild === null;
    });
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((status) => status === 200)).toBe(true);
    expect(sawLag || answers.length === 1).toBe(true);

    // events published during the rebuild are in the new version; once both are quiet they are equal
    const total = (m: SyntheticYear) => m.caseMessages.length + m.referralMessages.length;
    await until('version 2 to apply everything', async () => (await handled(2)) >= total(year) + total(during));
    await until('version 1 to apply everything', async () => (await handled(1)) >= total(year) + total(during));
    const rebuilt = await rowsOf(2);
    expect(rebuilt).toEqual(await rowsOf(1));
    const rebuiltIds = new Set(rebuilt.map((row) => row.statistic_id as string));
    for (const referral of during.referrals) expect(rebuiltIds.has(referral.id)).toBe(true);

    // the API now answers from version 2 (its tables are built from these rows)
    const after = (await statistics()).body as { tables: unknown[] };
    expect(after.tables.length).toBe(before.tables.length);
    const switched = await request(running.url)
      .get('/admin/statistics/rebuild')
      .set(await as(['admin']))
      .expect(200);
    expect(switched.body).toMatchObject({ liveVersion: 2, previousVersion: 1, rebuild: null });
  }, 30_000);
});
