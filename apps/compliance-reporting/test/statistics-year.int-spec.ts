import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { integrationContracts } from '@lib/contracts';
import { eventStoreAppRole, installPostgresEventStore } from '@lib/event-store';
import {
  consumeIntegrationEvents,
  installPostgresInbox,
  installPostgresLogTransport,
  PostgresInbox,
  PostgresLogTransport,
  type Consumer,
} from '@lib/messaging';
import { ServiceIdentity } from '@lib/platform';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import pg from 'pg';
import { SERVICE_NAME, SERVICE_SCHEMA } from '../src/config/compliance-reporting.config.js';
import { installStatisticsSchema } from '../src/statistics/referral-statistics.schema.js';
import type { StatisticsTable } from '../src/statistics/statistics-table.js';
import { LiveStatisticsVersion, StatisticsClock, StatisticsTables } from '../src/statistics/statistics-tables.js';
import { ReferralStatisticsProjection } from '../src/statistics/referral-statistics.projection.js';
import {
  applyStatisticsMessage,
  STATISTICS_TYPES,
  statisticsGroupId,
} from '../src/statistics-integration/statistics.consumer.js';
import { CONCERNS, generateYear, type SyntheticReferral } from './synthetic-statistics-year.js';

const REFERRALS = 2500;
const TODAY = '2025-10-01';
const FY = { from: '2024-04-01', to: '2025-04-01' };
const DAY = 86_400_000;

/**
 * The "done when" of issue 7: a year of synthetic referrals goes through the real consumer path
 * (the PostgreSQL log, the contract registry's validation, the inbox's transaction as the
 * service's restricted role) and every table equals what the test computes from what it generated.
 */
describe('statistics of a synthetic year', () => {
  let db: TestDatabase;
  let appPool: pg.Pool;
  let transport: PostgresLogTransport;
  let consumer: Consumer;
  let tables: StatisticsTables;
  let year: ReturnType<typeof generateYear>;

  beforeAll(async () => {
    db = await createTestDatabase('stats');
    const appRole = eventStoreAppRole(SERVICE_SCHEMA);
    await installPostgresEventStore(db.pool, SERVICE_SCHEMA);
    await installPostgresLogTransport(db.pool, 'messaging');
    await installPostgresInbox(db.pool, SERVICE_SCHEMA, { grantTo: appRole });
    const owner = await db.pool.connect();
    try {
      await installStatisticsSchema(owner, SERVICE_SCHEMA, { appRole });
    } finally {
      owner.release();
    }
    appPool = new pg.Pool({
      connectionString: db.url,
      max: 10,
      onConnect: async (client) => {
        await client.query(`SET ROLE ${appRole}`);
      },
    });
    transport = new PostgresLogTransport({ pool: db.pool, schema: 'messaging', partitions: 8, pollIntervalMs: 50 });
    year = generateYear(REFERRALS, 20240401);
    // the panel's topic first: cases are opened before the projection has seen their referral
    for (let index = 0; index < year.caseMessages.length; index += 2000) {
      await transport.publish('channel-panel.cases', year.caseMessages.slice(index, index + 2000));
    }
    for (let index = 0; index < year.referralMessages.length; index += 2000) {
      await transport.publish('referral-intake.referrals', year.referralMessages.slice(index, index + 2000));
    }
    const projection = new ReferralStatisticsProjection(SERVICE_SCHEMA);
    consumer = consumeIntegrationEvents({
      transport,
      registry: integrationContracts(),
      inbox: new PostgresInbox({ pool: appPool, schema: SERVICE_SCHEMA }),
      groupId: statisticsGroupId(),
      topics: ['referral-intake.referrals', 'channel-panel.cases'],
      types: [...STATISTICS_TYPES],
      handle: (message, tx) => applyStatisticsMessage(projection, message, tx),
    });
    const expected = year.caseMessages.length + year.referralMessages.length;
    const deadline = Date.now() + 25_000;
    for (;;) {
      const { rows } = await db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${SERVICE_SCHEMA}.inbox WHERE group_id = $1`,
        [statisticsGroupId()],
      );
      if (Number(rows[0]!.n) >= expected) break;
      if (Date.now() > deadline) throw new Error(`consumed ${rows[0]!.n} of ${expected} messages`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const clock = new (class extends StatisticsClock {
      override today(): string {
        return TODAY;
      }
    })();
    tables = new StatisticsTables(
      appPool,
      new ServiceIdentity(SERVICE_NAME, SERVICE_SCHEMA),
      clock,
      new LiveStatisticsVersion(),
    );
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await transport?.close();
    await appPool?.end();
    await db?.drop();
  });

  const inPeriod = (period: { from: string; to: string }, filter: (r: SyntheticReferral) => boolean = () => true) =>
    year.referrals.filter(
      (r) =>
        !r.withdrawn && r.receivedAt.slice(0, 10) >= period.from && r.receivedAt.slice(0, 10) < period.to && filter(r),
    );

  const byId = (all: StatisticsTable[], id: string): StatisticsTable => {
    const table = all.find((candidate) => candidate.id === id);
    if (!table) throw new Error(`no table ${id}`);
    return table;
  };
  /** `{ rowKey: cells }`, only the rows with something in them (plus every row the table has). */
  const cellsOf = (table: StatisticsTable): Record<string, readonly (number | null)[]> =>
    Object.fromEntries(table.rows.map((row) => [row.key, row.cells]));

  function expectedBreakdown(
    referrals: readonly SyntheticReferral[],
    keyOf: (r: SyntheticReferral) => string,
    keys: readonly string[],
  ): Record<string, number[]> {
    const expected: Record<string, number[]> = Object.fromEntries(keys.map((key) => [key, [0, 0, 0]]));
    for (const r of referrals) {
      const cells = (expected[keyOf(r)] ??= [0, 0, 0]);
      cells[0]! += 1;
      if (r.discussedAt) cells[1]! += 1;
      if (r.adoptedAt) cells[2]! += 1;
    }
    return expected;
  }

  const currentBand = (age?: number): string =>
    age === undefined
      ? 'not-known'
      : age <= 10
        ? '0-10'
        : age <= 15
          ? '11-15'
          : age <= 17
            ? '16-17'
            : age <= 20
              ? '18-20'
              : age <= 60
                ? `${Math.floor((age - 1) / 10) * 10 + 1}-${Math.floor((age - 1) / 10) * 10 + 10}`
                : '61+';
  const olderBand = (age?: number): string =>
    age === undefined
      ? 'not-known'
      : age < 15
        ? '0-14'
        : age <= 20
          ? '15-20'
          : age <= 60
            ? `${Math.floor((age - 1) / 10) * 10 + 1}-${Math.floor((age - 1) / 10) * 10 + 10}`
            : '61+';
  const quarter = (r: SyntheticReferral): string => {
    const month = Number(r.receivedAt.slice(5, 7));
    const year0 = Number(r.receivedAt.slice(0, 4)) - (month < 4 ? 1 : 0);
    return `${year0}/${String((year0 + 1) % 100).padStart(2, '0')} Q${month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4}`;
  };
  const concern2024 = (r: SyntheticReferral): string => CONCERNS[r.codeList]![r.codes[0]!]!;

  it('generates thousands of referrals across every quarter, sector, list and outcome', () => {
    const fy = inPeriod(FY);
    expect(fy.length).toBeGreaterThan(2000);
    expect(new Set(fy.map(quarter)).size).toBe(4);
    expect(new Set(fy.map((r) => r.codeList)).size).toBe(3);
    // five police outcomes, awaiting a decision, and cases opened by the local authority
    expect(new Set(fy.map((r) => r.outcome ?? r.origin)).size).toBe(7);
    expect(year.referrals.some((r) => r.withdrawn)).toBe(true);
  });

  it('counts the stages of the financial year', async () => {
    const fy = inPeriod(FY);
    const count = (filter: (r: SyntheticReferral) => boolean): number => fy.filter(filter).length;
    const stages = cellsOf(byId(await tables.tables(FY), 'stages'));
    expect(stages).toEqual({
      referrals: [fy.length],
      'opened-by-local-authority': [count((r) => r.origin === 'local-authority')],
      'awaiting-decision': [count((r) => r.origin === 'police-referral' && !r.outcome)],
      'no-further-action': [count((r) => r.outcome === 'no-further-action')],
      signposted: [count((r) => r.outcome === 'signposted')],
      'police-led-partnership': [count((r) => r.outcome === 'police-led-partnership')],
      'closed-counter-terrorism-investigation': [count((r) => r.outcome === 'closed-counter-terrorism-investigation')],
      'referred-to-channel': [count((r) => r.outcome === 'referred-to-channel')],
      'discussed-at-panel': [count((r) => !!r.discussedAt)],
      'not-adopted': [count((r) => !!r.notAdopted)],
      'not-adopted-referred-to-other-services': [count((r) => r.notAdopted === 'referred-to-other-services')],
      adopted: [count((r) => !!r.adoptedAt)],
      'left-no-further-concerns': [count((r) => r.exit === 'no-further-terrorism-concerns')],
      'left-with-concerns': [count((r) => r.exit === 'concerns-remain-passed-to-police')],
      'left-other': [count((r) => r.exit === 'consent-withdrawn')],
      'still-in-support': [count((r) => !!r.adoptedAt && !r.exit)],
    });
  });

  it('breaks the year down by type of concern (older lists in 2024/25 categories), sector, age, gender, region, area, quarter and year', async () => {
    const all = await tables.tables(FY);
    const fy = inPeriod(FY);
    const check = (id: string, keyOf: (r: SyntheticReferral) => string) => {
      const table = byId(all, id);
      const expected = expectedBreakdown(
        fy,
        keyOf,
        table.rows.map((row) => row.key),
      );
      expect(cellsOf(table)).toEqual(expected);
      expect(table.columnTotals).toEqual([
        fy.length,
        fy.filter((r) => r.discussedAt).length,
        fy.filter((r) => r.adoptedAt).length,
      ]);
    };
    check('concern-type', concern2024);
    check('sector', (r) => r.sector);
    check('age', (r) => currentBand(r.age));
    check('gender', (r) => r.gender);
    check('region', (r) => r.region);
    check('area', (r) => r.area);
    check('quarter', quarter);
    check('financial-year', () => '2024/25');
    expect(byId(all, 'quarter').rows.map((row) => row.key)).toEqual([
      '2024/25 Q1',
      '2024/25 Q2',
      '2024/25 Q3',
      '2024/25 Q4',
    ]);
    expect(byId(all, 'area').rows).toHaveLength(12);
  });

  it('shows the ages in the older banding and the concerns in the 2023/24 list on request', async () => {
    const all = await tables.tables({ ...FY, ageBanding: 'older', concernCodeList: 'concern-types-2023' });
    const fy = inPeriod(FY);
    const to2023 = (r: SyntheticReferral): string => {
      const code = r.codes[0]!;
      if (r.codeList === 'concern-types-2015')
        return { 'mixed-unclear-unstable': 'conflicted', unspecified: 'other' }[code] ?? code;
      if (r.codeList === 'concern-types-2024') return code in CONCERNS['concern-types-2023']! ? code : 'other';
      return code;
    };
    const age = byId(all, 'age');
    expect(cellsOf(age)).toEqual(
      expectedBreakdown(
        fy,
        (r) => olderBand(r.age),
        age.rows.map((row) => row.key),
      ),
    );
    const concern = byId(all, 'concern-type');
    expect(cellsOf(concern)).toEqual(
      expectedBreakdown(
        fy,
        to2023,
        concern.rows.map((row) => row.key),
      ),
    );
    expect(concern.rows.map((row) => row.key)).toContain('school-massacre');
  });

  it('gives adoption rates by type of concern, with the count of discussed cases behind each', async () => {
    const table = byId(await tables.tables(FY), 'adoption-rate-by-concern');
    const fy = inPeriod(FY);
    for (const [index, row] of table.rows.entries()) {
      const discussed = fy.filter((r) => r.discussedAt && concern2024(r) === row.key);
      const adopted = discussed.filter((r) => r.adoptedAt).length;
      expect(table.baseCounts![index]).toEqual([discussed.length]);
      expect(row.cells).toEqual([discussed.length === 0 ? null : Math.round((adopted / discussed.length) * 1000) / 10]);
    }
    expect(table.rows.filter((row) => row.cells[0] !== null).length).toBeGreaterThan(5);
  });

  it('measures the median and 90th percentile days to a police decision, to panel and to adoption', async () => {
    const table = byId(await tables.tables(FY), 'timeliness');
    const fy = inPeriod(FY);
    const days = (until: (r: SyntheticReferral) => string | undefined): number[] =>
      fy
        .filter((r) => until(r))
        .map((r) => Math.floor((Date.parse(until(r)!) - Date.parse(r.receivedAt)) / DAY))
        .sort((a, b) => a - b);
    const expectRow = (key: string, values: number[]) => {
      const index = table.rows.findIndex((row) => row.key === key);
      const n = values.length;
      const median = n % 2 ? values[(n - 1) / 2]! : (values[n / 2 - 1]! + values[n / 2]!) / 2;
      const p90 = values[Math.ceil(0.9 * n) - 1]!;
      expect(table.rows[index]!.cells).toEqual([median, p90]);
      expect(table.baseCounts![index]).toEqual([n, n]);
    };
    expectRow(
      'to-police-decision',
      days((r) => (r.origin === 'police-referral' ? r.decidedAt : undefined)),
    );
    expectRow(
      'to-panel-discussion',
      days((r) => r.discussedAt),
    );
    expectRow(
      'to-adoption',
      days((r) => r.adoptedAt),
    );
  });

  it('counts post-exit reviews due, completed, completed late, open and overdue as at today', async () => {
    const table = byId(await tables.tables(FY), 'reviews-overdue');
    const fy = inPeriod(FY);
    const expected = (slot: (r: SyntheticReferral) => SyntheticReferral['review6']) => {
      const due = fy.map(slot).filter((review) => review !== undefined);
      const completed = due.filter((review) => review.completedAt);
      const late = completed.filter((review) => review.completedAt!.slice(0, 10) > review.dueOn).length;
      const pending = due.filter((review) => !review.completedAt);
      const overdue = pending.filter((review) => review.dueOn < TODAY).length;
      return [due.length, completed.length, late, pending.length - overdue, overdue];
    };
    expect(cellsOf(table)).toEqual({
      '6-months': expected((r) => r.review6),
      '12-months': expected((r) => r.review12),
    });
    expect(table.rows[0]!.cells[4]).toBeGreaterThan(0);
  });

  it('filters by region and by area, and by quarter', async () => {
    const region = 'E12000007';
    const byRegion = byId(await tables.tables({ ...FY, region }), 'sector');
    const inRegion = inPeriod(FY, (r) => r.region === region);
    expect(cellsOf(byRegion)).toEqual(
      expectedBreakdown(
        inRegion,
        (r) => r.sector,
        byRegion.rows.map((row) => row.key),
      ),
    );
    const area = 'E08000025';
    const stages = byId(await tables.tables({ ...FY, area }), 'stages');
    expect(stages.rows[0]!.cells).toEqual([inPeriod(FY, (r) => r.area === area).length]);
    const q3 = { from: '2024-10-01', to: '2025-01-01' };
    const quarterTable = byId(await tables.tables(q3), 'gender');
    expect(quarterTable.columnTotals![0]).toBe(inPeriod(q3).length);
  });
});
