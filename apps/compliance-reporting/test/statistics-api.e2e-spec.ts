import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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

/**
 * `GET /statistics` and `/statistics.csv` on the booted app over its real statistics table. In
 * 2024/25 Birmingham had 20 referrals from education (8 discussed at a panel, 5 adopted), 3 from
 * health, 7 from the police and 9 from other sectors; Leeds 12 from education, 6 from health and 2
 * from prisons. Nationally, prisons (2) is suppressed and the police (7, the next smallest) with
 * it; for Birmingham alone, health (3) and the police (7).
 */
const BIRMINGHAM = 'E08000025';
const WEST_MIDLANDS = 'E12000005';
const LEEDS = 'E08000035';
const YORKSHIRE = 'E12000003';
const S = { suppressed: true };

type Cell = number | null | { suppressed: true };
interface Table {
  id: string;
  kind: string;
  columns: { key: string }[];
  rows: { key: string; cells: Cell[] }[];
  columnTotals?: Cell[];
}

/** RFC 4180, enough for the service's own CSV. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** Every figure of the JSON tables as the CSV writes it: `table/row/column` → value. */
function figuresOfJson(tables: Table[]): Map<string, string> {
  const figures = new Map<string, string>();
  const text = (cell: Cell) =>
    cell === null ? 'z' : typeof cell === 'object' ? (cell.suppressed ? 'c' : 'unexpected') : String(cell);
  for (const table of tables) {
    const rows = [...table.rows, ...(table.columnTotals ? [{ key: 'total', cells: table.columnTotals }] : [])];
    for (const row of rows) {
      table.columns.forEach((column, index) =>
        figures.set(`${table.id}/${row.key}/${column.key}`, text(row.cells[index])),
      );
    }
  }
  return figures;
}

function figuresOfCsv(csv: string): Map<string, string> {
  const [header, ...records] = parseCsv(csv);
  expect(header).toEqual(['table', 'table_title', 'row', 'row_label', 'column', 'column_label', 'value']);
  const figures = new Map<string, string>();
  for (const [table, , row, , column, , value] of records) {
    if (table !== 'legend') figures.set(`${table}/${row}/${column}`, value);
  }
  return figures;
}

const column = (table: Table, key: string, columnKey = 'referrals') => {
  const index = table.columns.findIndex((c) => c.key === columnKey);
  return table.rows.find((row) => row.key === key)?.cells[index];
};

describe('the statistics API', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let running: RunningTestApp;

  const token = (roles: string[], area?: string) =>
    issuer.sign({ sub: `user-${roles[0]}`, roles, ...(area ? { area } : {}) });
  const get = (path: string, roles: string[], area?: string, headers: Record<string, string> = {}) => ({
    expect: async (status: number) =>
      request(running.url)
        .get(path)
        .set({ authorization: `Bearer ${await token(roles, area)}`, ...headers })
        .expect(status),
    response: async () =>
      request(running.url)
        .get(path)
        .set({ authorization: `Bearer ${await token(roles, area)}`, ...headers }),
  });
  const tablesOf = (body: { tables: Table[] }) => new Map(body.tables.map((table) => [table.id, table]));

  beforeAll(async () => {
    database = await createTestDatabase();
    issuer = await startTestIssuer({ audience: TEST_AUDIENCE });
    running = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: TEST_AUDIENCE,
    });
    const seed: [string, string, string, number, number, number][] = [
      [BIRMINGHAM, WEST_MIDLANDS, 'education', 20, 8, 5],
      [BIRMINGHAM, WEST_MIDLANDS, 'health', 3, 0, 0],
      [BIRMINGHAM, WEST_MIDLANDS, 'police', 7, 0, 0],
      [BIRMINGHAM, WEST_MIDLANDS, 'other', 9, 0, 0],
      [LEEDS, YORKSHIRE, 'education', 12, 0, 0],
      [LEEDS, YORKSHIRE, 'health', 6, 0, 0],
      [LEEDS, YORKSHIRE, 'prisons', 2, 0, 0],
    ];
    const table = statisticsTable(SERVICE_SCHEMA);
    for (const [area, region, sector, count, discussed, adopted] of seed) {
      for (let i = 0; i < count; i += 1) {
        const id = randomUUID();
        await database.pool.query(
          `INSERT INTO ${table} (statistic_id, origin, referral_id, received_at, received_on, financial_year, quarter,
             area, region, sector, concern_code_list, concern_codes, age_at_referral, gender, outcome, decided_at,
             first_discussed_at, adopted_at)
           VALUES ($1::text, 'police-referral', $1::uuid, '2024-06-15T10:00:00Z', '2024-06-15', '2024/25', '2024/25 Q1',
             $2, $3, $4, 'concern-types-2024', ARRAY['islamist'], 19, 'male', $5, $6, $7, $8)`,
          [
            id,
            area,
            region,
            sector,
            i < discussed ? 'referred-to-channel' : 'no-further-action',
            '2024-06-20T10:00:00Z',
            i < discussed ? '2024-07-01T10:00:00Z' : null,
            i < adopted ? '2024-07-01T10:00:00Z' : null,
          ],
        );
      }
    }
  });
  afterAll(async () => {
    await running?.close();
    await issuer?.close();
    await database?.drop();
  });

  it('answers every table for a financial year, small numbers suppressed in the API', async () => {
    const response = await get('/statistics?financialYear=2024-25', ['admin']).expect(200);
    expect(response.body.period).toEqual({ from: '2024-04-01', to: '2025-04-01' });
    expect(response.body.suppression.threshold).toBe(5);
    const tables = tablesOf(response.body);
    const sector = tables.get('sector') as Table;
    expect(column(sector, 'education')).toBe(32);
    expect(column(sector, 'prisons')).toEqual(S);
    expect(column(sector, 'police')).toEqual(S);
    expect(column(sector, 'health')).toBe(9);
    expect(column(sector, 'community')).toBe(0);
    expect(sector.columnTotals?.[0]).toBe(59);
    expect(column(tables.get('area') as Table, LEEDS)).toBe(20);
    for (const table of response.body.tables as Table[]) {
      if (table.kind !== 'counts') continue;
      for (const cell of [...table.rows.flatMap((row) => row.cells), ...(table.columnTotals ?? [])]) {
        if (typeof cell === 'number') expect(cell === 0 || cell >= 5).toBe(true);
      }
    }
  });

  it('gives the same figures as CSV, by /statistics.csv and by Accept: text/csv, suppressed as c', async () => {
    const json = await get('/statistics?financialYear=2024-25', ['admin']).expect(200);
    const csv = await get('/statistics.csv?financialYear=2024-25', ['admin']).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(
      'prevent-statistics-england-and-wales-2024-04-01-to-2025-04-01.csv',
    );
    const accepted = await get('/statistics?financialYear=2024-25', ['admin'], undefined, {
      accept: 'text/csv',
    }).expect(200);
    expect(accepted.text).toBe(csv.text);

    const fromCsv = figuresOfCsv(csv.text);
    const fromJson = figuresOfJson(json.body.tables);
    expect(fromCsv.size).toBeGreaterThan(50);
    expect(fromCsv).toEqual(fromJson);
    expect(fromCsv.get('sector/prisons/referrals')).toBe('c');
    expect(fromCsv.get('sector/total/referrals')).toBe('59');
    expect(csv.text).toMatch(/\r\nlegend,Symbols,c,/);
  });

  it('answers one table when asked, and a quarter or a range', async () => {
    const one = await get('/statistics?quarter=2024-Q1&table=sector', ['admin']).expect(200);
    expect(one.body.period).toEqual({ from: '2024-04-01', to: '2024-07-01' });
    expect(one.body.tables.map((table: Table) => table.id)).toEqual(['sector']);
    const later = await get('/statistics?from=2024-07-01&to=2024-10-01&table=sector', ['admin']).expect(200);
    expect(later.body.tables[0].columnTotals[0]).toBe(0);
    const csv = await get('/statistics.csv?quarter=2024-Q1&table=sector', ['admin']).expect(200);
    expect(new Set([...figuresOfCsv(csv.text).keys()].map((key) => key.split('/')[0]))).toEqual(new Set(['sector']));
  });

  it('refuses a malformed request with a 400 problem naming the field', async () => {
    for (const query of [
      '',
      'financialYear=2024-25&quarter=2024-Q1',
      'financialYear=2024-26',
      'quarter=2024-Q5',
      'from=2024-05-01',
      'from=2024-06-01&to=2024-05-01',
      'financialYear=2024-25&region=E99999999',
      'financialYear=2024-25&area=Birmingham',
      'financialYear=2024-25&ageBanding=newest',
      'financialYear=2024-25&concernCodeList=concern-types-1999',
      'financialYear=2024-25&table=nonsense',
      'financialYear=2024-25&colour=red',
    ]) {
      const response = await get(`/statistics?${query}`, ['admin']).response();
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('request.invalid');
    }
    await get('/statistics.csv?financialYear=2024-26', ['admin']).expect(400);
  });

  it('refuses a police officer, whose role does not read statistics (403)', async () => {
    const response = await get('/statistics?financialYear=2024-25', ['police-officer'], BIRMINGHAM).expect(403);
    expect(response.body.type).toBe('auth.action-not-allowed');
    await get('/statistics.csv?financialYear=2024-25', ['police-officer'], BIRMINGHAM).expect(403);
  });

  it('gives a board member their own area’s figures, suppressed, and refuses another area', async () => {
    const own = await get(`/statistics?financialYear=2024-25&area=${BIRMINGHAM}`, ['board-member'], BIRMINGHAM).expect(
      200,
    );
    const tables = tablesOf(own.body);
    const sector = tables.get('sector') as Table;
    expect(column(sector, 'education')).toBe(20);
    expect(column(sector, 'health')).toEqual(S);
    expect(column(sector, 'police')).toEqual(S);
    expect(column(sector, 'other')).toBe(9);
    expect(sector.columnTotals?.[0]).toBe(39);
    expect(column(sector, 'education', 'adopted')).toBe(5);
    expect((tables.get('area') as Table).rows.map((row) => row.key)).toEqual([BIRMINGHAM]);

    const other = await get(`/statistics?financialYear=2024-25&area=${LEEDS}`, ['board-member'], BIRMINGHAM).expect(
      403,
    );
    expect(other.body.type).toBe('statistics.area-outside-reach');
    await get(`/statistics.csv?financialYear=2024-25&area=${LEEDS}`, ['board-member'], BIRMINGHAM).expect(403);
  });

  it('gives a board member regional and national figures without the table by local authority area', async () => {
    const national = await get('/statistics?financialYear=2024-25', ['board-member'], BIRMINGHAM).expect(200);
    expect(national.body.withheldTables).toEqual(['area']);
    expect(tablesOf(national.body).has('area')).toBe(false);
    expect((tablesOf(national.body).get('sector') as Table).columnTotals?.[0]).toBe(59);
    const region = await get(
      `/statistics?financialYear=2024-25&region=${YORKSHIRE}`,
      ['board-member'],
      BIRMINGHAM,
    ).expect(200);
    const sector = tablesOf(region.body).get('sector') as Table;
    expect(column(sector, 'education')).toBe(12);
    expect(column(sector, 'prisons')).toEqual(S);
    expect(column(sector, 'health')).toEqual(S);
    await get('/statistics?financialYear=2024-25&table=area', ['board-member'], BIRMINGHAM).expect(400);
  });
});
