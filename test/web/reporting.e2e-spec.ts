import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signIn } from '../../apps/identity/test/oidc-client.js';
import { decodeEntities, errorSummary, inputValue, type Stack, startStack, WebClient } from './stack.js';

/**
 * The Prevent board's pages over real sockets: the statistics (charts and tables, suppression,
 * CSV) counting referrals made through the intake API, and the compliance dashboard with its
 * drill-down and the recording forms of coordinators.
 */
const SLOT = 5;
const BIRMINGHAM = 'E08000025';
const WEST_MIDLANDS = 'E12000005';

/** admin.e2e-spec.ts uses the same slot: one stack at a time (a directory made atomically is the lock). */
async function lockSlot(): Promise<() => void> {
  const parent = join(tmpdir(), 'prevent-web-tests');
  mkdirSync(parent, { recursive: true });
  const lock = join(parent, `slot-${SLOT}-${process.env.TEST_PG_PORT ?? 54329}.lock`);
  for (const deadline = Date.now() + 240_000; ;) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held: another test file is using slot ${SLOT}`);
      await sleep(500);
    }
  }
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const today = LONDON_DAY.format(new Date());
const fyStart = Number(today.slice(5, 7)) >= 4 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
/** The financial year the referrals made now fall in, as the page's period field names it (`2026-27`). */
const financialYear = `${fyStart}-${String((fyStart + 1) % 100).padStart(2, '0')}`;

const referral = (givenNames: string, sector: string) => ({
  subject: {
    name: { givenNames, familyName: 'Example' },
    dateOfBirth: '2008-03-04',
    gender: 'male',
    area: BIRMINGHAM,
  },
  region: WEST_MIDLANDS,
  sector,
  concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
  subjectAware: 'no',
  referrer: { name: 'Ann Teacher', role: 'Designated safeguarding lead', organisation: 'Park School' },
  concern: { description: 'Shares extreme material in class' },
});

/** The text of the element with this id (tags stripped, entities decoded). */
function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`<(t[dh])[^>]*id="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return match ? decodeEntities(match[2].replace(/<[^>]+>/g, '')).trim() : undefined;
}

/** Posts a form and returns the page, following the redirect (post/redirect/get). */
async function authorityIdOf(page: { url: string }): Promise<string> {
  const id = /\/compliance\/([0-9a-f-]{36})$/.exec(page.url)?.[1];
  if (!id) throw new Error(`not an authority page: ${page.url}`);
  return id;
}

describe('web app: statistics and compliance (Prevent board)', () => {
  let stack: Stack;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    release = await lockSlot();
    stack = await startStack(SLOT);
    // six referrals in Birmingham through the intake API, as a police officer: five from schools, one from health
    const officer = stack.user('police-officer');
    const { accessToken } = await signIn(
      stack.identityUrl,
      { username: officer.username, password: officer.password },
      `${stack.webUrl}/auth/callback`,
    );
    if (!accessToken) throw new Error('the police officer could not sign in');
    const sectors = ['education', 'education', 'education', 'education', 'education', 'health'];
    for (const [index, sector] of sectors.entries()) {
      const response = await fetch(`${stack.urls['referral-intake']}/referrals`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          'idempotency-key': `board-test-${index}-${Date.now()}`,
        },
        body: JSON.stringify(referral(`Person${index}`, sector)),
      });
      if (response.status !== 201) throw new Error(`referral ${index}: ${response.status} ${await response.text()}`);
    }
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    release();
  }, 60_000);

  describe('statistics', () => {
    let board: WebClient;
    let page: Awaited<ReturnType<WebClient['get']>>;

    beforeAll(async () => {
      board = await WebClient.signedIn(stack, stack.user('board-member'));
      // the statistics are a projection of the intake's events: wait until the six referrals are counted
      for (const deadline = Date.now() + 45_000; ;) {
        page = await board.get(`/statistics?period=${financialYear}`);
        if (textOf(page.html, 'stats-stages-referrals-count') === '6' || Date.now() > deadline) break;
        await sleep(500);
      }
    }, 60_000);

    it('counts the referrals in the stage funnel, as an accessible chart and a table', () => {
      expect(page.status).toBe(200);
      expect(page.html).toContain('<h1 class="govuk-heading-l">Prevent statistics</h1>');
      expect(page.html).toContain('<title>Prevent statistics – Prevent case management</title>');
      expect(page.html).toMatch(/Referrals received from 1 April \d{4} to 31 March \d{4}, England and Wales\./);
      // the funnel: the number in the table, the same number at the end of its bar
      expect(textOf(page.html, 'stats-stages-referrals-count')).toBe('6');
      expect(textOf(page.html, 'stats-stages-awaiting-decision-count')).toBe('6');
      expect(textOf(page.html, 'stats-stages-adopted-count')).toBe('0');
      const chart =
        /<svg class="app-chart app-stats-chart" role="img" aria-labelledby="chart-stages-title chart-stages-desc"[\s\S]*?<\/svg>/.exec(
          page.html,
        )?.[0];
      expect(chart).toBeDefined();
      expect(chart).toContain('<title id="chart-stages-title">Chart: Referrals by stage</title>');
      expect(chart).toMatch(/<desc id="chart-stages-desc">[^<]*Referrals: 6;/);
      expect(chart).toMatch(/<rect class="app-chart__bar" x="0" y="\d+" width="\d+" height="16"><\/rect>/);
      expect(chart).not.toContain('style=');
      // the numbers are in a real table with a caption
      expect(page.html).toMatch(
        /<table class="govuk-table" id="stats-table-stages">\s*<caption class="govuk-table__caption govuk-table__caption--s">Referrals by stage, \d+ April/,
      );
      // every breakdown has its chart and its table
      for (const table of ['concern-type', 'sector', 'age', 'gender', 'region', 'quarter']) {
        expect(page.html).toContain(`aria-labelledby="chart-${table}-title chart-${table}-desc"`);
        expect(page.html).toContain(`id="stats-table-${table}"`);
      }
      expect(textOf(page.html, 'stats-region-E12000005-referrals')).toBe('6');
      // a board member has no area: the table by local authority area is withheld
      expect(page.html).not.toContain('id="stats-table-area"');
      expect(page.html).toContain('The table by local authority area is shown to administrators');
      expect(page.html).not.toMatch(/\sstyle="/);
    });

    it('marks small numbers as suppressed, in the table and the chart, never with a number', () => {
      // one referral from health: fewer than 5, so suppressed, and schools' 5 with it (else 6 − 5 tells it)
      expect(textOf(page.html, 'stats-sector-health-referrals')).toBe('Suppressed');
      expect(page.html).toMatch(/id="stats-sector-health-referrals" data-suppressed="true"/);
      expect(textOf(page.html, 'stats-sector-education-referrals')).toBe('Suppressed');
      expect(textOf(page.html, 'stats-sector-police-referrals')).toBe('0');
      const chart = /aria-labelledby="chart-sector-title chart-sector-desc"[\s\S]*?<\/svg>/.exec(page.html)?.[0] ?? '';
      expect(chart).toContain('class="app-chart__bar app-chart__bar--suppressed"');
      expect(chart).toMatch(/Health: Suppressed/);
      expect(chart).toMatch(/figures? (is|are) suppressed and drawn as a short grey bar/);
      // the explanation, in a details component, with the service's threshold
      expect(page.html).toContain('Why some figures say ‘Suppressed’');
      expect(page.html).toContain('a figure from 1 to 4 (fewer than 5) is not shown');
      expect(page.html).toMatch(/\d+ figures on this page are suppressed/);
    });

    it('downloads the same figures as CSV with the filters of the page', async () => {
      const link =
        /<a href="([^"]+)" role="button"[^>]*id="stats-download-csv"[^>]*>\s*Download these statistics \(CSV\)/.exec(
          page.html,
        )?.[1];
      expect(decodeEntities(link ?? '')).toBe(`/statistics.csv?period=${financialYear}`);

      const csv = await board.get(`/statistics.csv?period=${financialYear}`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe(
        `attachment; filename="prevent-statistics-england-and-wales-${fyStart}-04-01-to-${fyStart + 1}-04-01.csv"`,
      );
      const lines = csv.html.split('\r\n');
      expect(lines[0]).toBe('table,table_title,row,row_label,column,column_label,value');
      expect(lines).toContain('stages,Referrals by stage,referrals,Referrals,count,Number,6');
      expect(lines.find((line) => line.startsWith('sector,') && line.includes(',health,'))).toMatch(/,c$/);

      // a region: the page's link carries it, the file is named after it
      const west = await board.get(`/statistics?period=${financialYear}&region=${WEST_MIDLANDS}`);
      expect(west.html).toContain(`href="/statistics.csv?period=${financialYear}&amp;region=${WEST_MIDLANDS}"`);
      expect(west.html).toContain(', West Midlands.');
      const westCsv = await board.get(`/statistics.csv?period=${financialYear}&region=${WEST_MIDLANDS}`);
      expect(westCsv.headers.get('content-disposition')).toContain(
        `prevent-statistics-${WEST_MIDLANDS}-${fyStart}-04-01`,
      );
      expect(westCsv.html).toContain('stages,Referrals by stage,referrals,Referrals,count,Number,6');
      const london = await board.get(`/statistics.csv?period=${financialYear}&region=E12000007`);
      expect(london.html).toContain('stages,Referrals by stage,referrals,Referrals,count,Number,0');
    }, 30_000);

    it('refuses filters that are not a period, keeping what was typed', async () => {
      const custom = await board.get(
        '/statistics?period=custom&from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026',
      );
      expect(custom.status).toBe(400);
      expect(custom.html).toContain('<title>Error: Prevent statistics');
      expect(errorSummary(custom.html)).toEqual(['The first day must be a real date, for example 1 4 2025']);
      expect(inputValue(custom.html, 'from-day')).toBe('31');
      expect(inputValue(custom.html, 'to-year')).toBe('2026');
      expect(custom.html).not.toContain('id="stats-table-stages"');

      const reversed = await board.get(
        '/statistics?period=custom&from-day=1&from-month=3&from-year=2026&to-day=1&to-month=2&to-year=2026',
      );
      expect(errorSummary(reversed.html)).toEqual(['The last day must be on or after the first day']);

      const bogus = await board.get('/statistics?period=last-week&region=nowhere');
      expect(bogus.status).toBe(400);
      expect(errorSummary(bogus.html)).toEqual(['Choose a period from the list', 'Choose a region from the list']);

      // a period of one's own: the last day is included
      const own = await board.get(
        `/statistics?period=custom&from-day=1&from-month=4&from-year=${fyStart}&to-day=31&to-month=3&to-year=${fyStart + 1}`,
      );
      expect(own.status).toBe(200);
      expect(textOf(own.html, 'stats-stages-referrals-count')).toBe('6');
    }, 30_000);

    it('gives a board member no local authority area’s figures, and none of a person’s records', async () => {
      // no area on a board member's account: the area field is not offered, and one typed in is refused
      expect(page.html).not.toContain('name="area"');
      const area = await board.get(`/statistics?period=${financialYear}&area=${BIRMINGHAM}`);
      expect(area.status).toBe(400);
      expect(errorSummary(area.html)).toEqual(['You can see the figures of your own local authority area only']);
      const csv = await board.get(`/statistics.csv?period=${financialYear}&area=${BIRMINGHAM}`);
      expect(csv.status).toBe(400);
      expect(csv.headers.get('content-type')).toContain('text/html');

      for (const path of ['/referrals', '/cases', '/admin/users', '/compliance/register']) {
        const refused = await board.get(path);
        expect([path, refused.status]).toEqual([path, 403]);
        expect(refused.html).toContain('You cannot use this page');
      }
    }, 30_000);

    it('gives a coordinator their own area’s figures, with the table by area', async () => {
      const coordinator = await WebClient.signedIn(stack, stack.user('channel-coordinator'));
      const own = await coordinator.get(`/statistics?period=${financialYear}&area=${BIRMINGHAM}`);
      expect(own.status).toBe(200);
      expect(own.html).toContain(
        `Referrals received from 1 April ${fyStart} to 31 March ${fyStart + 1}, local authority area ${BIRMINGHAM}.`,
      );
      expect(textOf(own.html, `stats-area-${BIRMINGHAM}-referrals`)).toBe('6');
      const other = await coordinator.get(`/statistics?period=${financialYear}&area=E09000030`);
      expect(other.status).toBe(400);
      expect(inputValue(other.html, 'area')).toBe('E09000030');

      const officer = await WebClient.signedIn(stack, stack.user('police-officer'));
      expect((await officer.get('/statistics')).status).toBe(403);
    }, 30_000);
  });

  describe('compliance', () => {
    let coordinator: WebClient;
    let board: WebClient;
    let authority: string;

    beforeAll(async () => {
      coordinator = await WebClient.signedIn(stack, stack.user('channel-coordinator'));
      board = await WebClient.signedIn(stack, stack.user('board-member'));
    }, 60_000);

    it('registers an authority once, however often the form is sent', async () => {
      const form = await coordinator.get('/compliance/register');
      expect(form.status).toBe(200);
      expect(inputValue(form.html, 'area')).toBe(BIRMINGHAM);
      const key = inputValue(form.html, 'idempotencyKey');
      expect(key).toMatch(/^[0-9a-f-]{36}$/);

      const refused = await coordinator.post('/compliance/register', {
        name: 'B',
        type: 'castle',
        area: 'Birmingham',
        region: '',
        idempotencyKey: key!,
      });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.html)).toEqual([
        'Enter the authority’s name, from 2 to 200 characters',
        'Select the type of authority',
        'Enter the local authority area as an ONS code, like E08000025',
        'Select the region',
      ]);
      expect(inputValue(refused.html, 'area')).toBe('BIRMINGHAM');
      expect(inputValue(refused.html, 'idempotencyKey')).toBe(key);

      const fields = { name: 'Park View Academy', type: 'school', area: BIRMINGHAM, region: WEST_MIDLANDS };
      const created = await coordinator.post('/compliance/register', { ...fields, idempotencyKey: key! });
      expect(created.status).toBe(200);
      authority = await authorityIdOf(created);
      expect(created.html).toContain('Park View Academy is registered');
      expect(created.html).toContain('<h1 class="govuk-heading-l">Park View Academy</h1>');
      // never assessed: red, said in words
      expect(created.html).toMatch(/<strong class="govuk-tag govuk-tag--red app-rag">\s*Red\s*<\/strong>/);
      expect(created.html).toContain('Nothing has been recorded since the authority was registered.');

      // the same form sent again (a double click, a retry) finds the same authority
      await coordinator.get('/compliance/register');
      const again = await coordinator.post('/compliance/register', { ...fields, idempotencyKey: key! });
      expect(await authorityIdOf(again)).toBe(authority);
      const list = await coordinator.get('/compliance?type=school');
      expect(list.html.match(/Park View Academy/g)).toHaveLength(1);
    }, 30_000);

    it('refuses a bad assessment, keeping what was typed, and records nothing', async () => {
      const form = await coordinator.get(`/compliance/${authority}/assessment`);
      expect(form.status).toBe(200);
      expect(form.html).toContain('Partnership working');
      const refused = await coordinator.post(`/compliance/${authority}/assessment`, {
        etag: inputValue(form.html, 'etag')!,
        benchmark: 'risk-assessment',
        status: '',
        evidenceReference: 'DOC-1',
        evidenceSummary: '',
        owner: 'Prevent lead',
        'reviewDue-day': '31',
        'reviewDue-month': '2',
        'reviewDue-year': '2030',
        reason: 'Because',
      });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.html)).toEqual([
        'Select whether the area is met',
        'Enter what the evidence shows, up to 500 characters',
        'The review date must be a real date',
      ]);
      expect(inputValue(refused.html, 'owner')).toBe('Prevent lead');
      expect(inputValue(refused.html, 'reviewDue-day')).toBe('31');
      expect(refused.html).toMatch(/value="risk-assessment" checked/);

      // the service's own rule: a review date in the past
      const past = await coordinator.post(`/compliance/${authority}/assessment`, {
        etag: inputValue(form.html, 'etag')!,
        benchmark: 'risk-assessment',
        status: 'met',
        evidenceReference: 'DOC-1',
        evidenceSummary: 'Risk assessment signed off',
        owner: 'Prevent lead',
        'reviewDue-day': '1',
        'reviewDue-month': '1',
        'reviewDue-year': '2020',
        reason: 'Annual review',
      });
      expect(past.status).toBe(400);
      expect(errorSummary(past.html)).toEqual(['The review date must be today or in the future']);
      expect(inputValue(past.html, 'evidenceSummary')).toBe('Risk assessment signed off');

      const page = await board.get(`/compliance/${authority}`);
      expect(page.html).toContain('Nothing has been recorded since the authority was registered.');
    }, 30_000);

    it('records an assessment, training and shows the evidence and the history to the board', async () => {
      const form = await coordinator.get(`/compliance/${authority}/assessment`);
      const done = await coordinator.post(`/compliance/${authority}/assessment`, {
        etag: inputValue(form.html, 'etag')!,
        benchmark: 'partnership-working',
        status: 'partly-met',
        evidenceReference: 'MIN-2026-07',
        evidenceSummary: 'Minutes of the last four partnership meetings',
        owner: 'Designated safeguarding lead',
        'reviewDue-day': '1',
        'reviewDue-month': '9',
        'reviewDue-year': String(Number(today.slice(0, 4)) + 1),
        reason: 'Attends two meetings out of four',
      });
      expect(done.status).toBe(200);
      expect(done.url).toBe(`${stack.webUrl}/compliance/${authority}`);
      expect(done.html).toContain('Assessment recorded');

      const training = await coordinator.get(`/compliance/${authority}/training`);
      const refused = await coordinator.post(`/compliance/${authority}/training`, {
        etag: inputValue(training.html, 'etag')!,
        staffGroup: 'frontline-staff',
        trained: '300',
        inPost: '240',
        'asOf-day': '1',
        'asOf-month': '4',
        'asOf-year': String(fyStart),
      });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.html)).toEqual(['The number trained cannot be more than the number in post']);
      expect(inputValue(refused.html, 'trained')).toBe('300');
      const empty = await coordinator.post(`/compliance/${authority}/training`, {
        etag: inputValue(training.html, 'etag')!,
        staffGroup: 'frontline-staff',
        trained: '',
        inPost: 'many',
      });
      expect(errorSummary(empty.html)).toEqual([
        'Enter the number of people trained as a whole number, like 180',
        'Enter the number of staff in post as a whole number, like 240',
        'Enter the date the counts are as of',
      ]);
      const recorded = await coordinator.post(`/compliance/${authority}/training`, {
        etag: inputValue(training.html, 'etag')!,
        staffGroup: 'frontline-staff',
        trained: '180',
        inPost: '240',
        'asOf-day': '1',
        'asOf-month': '4',
        'asOf-year': String(fyStart),
      });
      expect(recorded.html).toContain('Training recorded');

      // the board member's drill-down: evidence, training and history, and no recording buttons
      const page = await board.get(`/compliance/${authority}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain('MIN-2026-07');
      expect(page.html).toContain('Minutes of the last four partnership meetings');
      expect(page.html).toMatch(/<strong class="govuk-tag govuk-tag--orange">\s*Partly met\s*<\/strong>/);
      expect(page.html).toMatch(/Frontline staff<\/th>\s*<td[^>]*>180<\/td>\s*<td[^>]*>240<\/td>\s*<td[^>]*>75%<\/td>/);
      const history = /<div class="moj-timeline"[^>]*id="authority-history"[\s\S]*$/.exec(page.html)?.[0] ?? '';
      expect(history).toContain('Partnership working assessed as partly met');
      expect(history).toMatch(/by Channel coordinator \(user [0-9a-f-]{36}\)/);
      expect(history).toContain('Why: Attends two meetings out of four');
      expect(history).toContain('Training recorded for frontline staff');
      expect(page.html).not.toContain('Record an assessment');
      expect((await board.get(`/compliance/${authority}/assessment`)).status).toBe(403);

      // the dashboard: still red (areas not assessed), with its key facts
      const dashboard = await board.get('/compliance');
      expect(dashboard.status).toBe(200);
      expect(dashboard.html).toContain(`href="/compliance/${authority}">Park View Academy</a>`);
      expect(dashboard.html).toMatch(/0 of 6<span[^>]*>5 not assessed/);
      expect(dashboard.html).toContain('180 of 240 (75%)');
      const reds = await board.get('/compliance?rag=green');
      expect(reds.html).not.toContain('Park View Academy');
      const badFilter = await board.get('/compliance?rag=purple&area=x');
      expect(badFilter.status).toBe(400);
      expect(errorSummary(badFilter.html)).toEqual([
        'Enter the area as an ONS code, like E08000025',
        'Choose a status from the list',
      ]);
    }, 30_000);

    it('records a local authority’s assurance statement, once a year', async () => {
      const form = await coordinator.get('/compliance/register');
      const council = await authorityIdOf(
        await coordinator.post('/compliance/register', {
          name: 'Birmingham City Council',
          type: 'local-authority',
          area: BIRMINGHAM,
          region: WEST_MIDLANDS,
          idempotencyKey: inputValue(form.html, 'idempotencyKey')!,
        }),
      );
      const statement = await coordinator.get(`/compliance/${council}/assurance-statement`);
      const fields = {
        year: `${fyStart - 1}/${String(fyStart % 100).padStart(2, '0')}`,
        'submittedOn-day': '20',
        'submittedOn-month': '4',
        'submittedOn-year': String(fyStart),
      };
      const recorded = await coordinator.post(`/compliance/${council}/assurance-statement`, {
        ...fields,
        etag: inputValue(statement.html, 'etag')!,
      });
      expect(recorded.html).toContain('Assurance statement recorded');
      expect(recorded.html).toContain(`${fields.year}: submitted 20 April ${fyStart}`);
      const again = await coordinator.get(`/compliance/${council}/assurance-statement`);
      const twice = await coordinator.post(`/compliance/${council}/assurance-statement`, {
        ...fields,
        etag: inputValue(again.html, 'etag')!,
      });
      expect(twice.status).toBe(400);
      expect(errorSummary(twice.html)).toEqual(['A statement for this year has already been recorded']);
    }, 30_000);

    it('refuses a change made on a stale page: the second of two coordinators gets the conflict page', async () => {
      const other = await WebClient.signedIn(stack, stack.user('channel-coordinator'));
      const mine = await coordinator.get(`/compliance/${authority}/training`);
      const theirs = await other.get(`/compliance/${authority}/training`);
      const fields = {
        staffGroup: 'managers',
        inPost: '10',
        'asOf-day': '2',
        'asOf-month': '4',
        'asOf-year': String(fyStart),
      };
      const first = await coordinator.post(`/compliance/${authority}/training`, {
        ...fields,
        trained: '7',
        etag: inputValue(mine.html, 'etag')!,
      });
      expect(first.html).toContain('Training recorded');
      const second = await other.post(`/compliance/${authority}/training`, {
        ...fields,
        trained: '9',
        etag: inputValue(theirs.html, 'etag')!,
      });
      expect(second.status).toBe(409);
      expect(second.html).toContain('Someone else has changed this record');
      const page = await board.get(`/compliance/${authority}`);
      expect(page.html).toMatch(/Managers<\/th>\s*<td[^>]*>7<\/td>/);
      expect(page.html).not.toMatch(/Managers<\/th>\s*<td[^>]*>9<\/td>/);
    }, 30_000);

    it('refuses a form sent without the session’s CSRF token, recording nothing', async () => {
      const form = await coordinator.get(`/compliance/${authority}/training`);
      const forged = await coordinator.post(`/compliance/${authority}/training`, {
        _csrf: 'not-the-token',
        etag: inputValue(form.html, 'etag')!,
        staffGroup: 'governance',
        trained: '1',
        inPost: '1',
        'asOf-day': '2',
        'asOf-month': '4',
        'asOf-year': String(fyStart),
      });
      expect(forged.status).toBe(403);
      expect(forged.html).toContain('Your form could not be sent');
      expect((await board.get(`/compliance/${authority}`)).html).not.toContain('Governance');
    }, 30_000);

    it('lets a coordinator of another area read but not record for a Birmingham authority', async () => {
      const towerHamlets = await WebClient.signedIn(stack, stack.user('channel-coordinator', 'E09000030'));
      const page = await towerHamlets.get(`/compliance/${authority}`);
      expect(page.status).toBe(200);
      const form = await towerHamlets.get(`/compliance/${authority}/training`);
      const refused = await towerHamlets.post(`/compliance/${authority}/training`, {
        etag: inputValue(form.html, 'etag')!,
        staffGroup: 'other-staff',
        trained: '1',
        inPost: '2',
        'asOf-day': '2',
        'asOf-month': '4',
        'asOf-year': String(fyStart),
      });
      expect(refused.status).toBe(403);
      expect((await board.get(`/compliance/${authority}`)).html).not.toContain('Other staff');

      const register = await towerHamlets.get('/compliance/register');
      const elsewhere = await towerHamlets.post('/compliance/register', {
        name: 'Another Academy',
        type: 'school',
        area: BIRMINGHAM,
        region: WEST_MIDLANDS,
        idempotencyKey: inputValue(register.html, 'idempotencyKey')!,
      });
      expect(elsewhere.status).toBe(403);
      expect(errorSummary(elsewhere.html)).toEqual(['You can register authorities of your own area only']);
      expect((await board.get('/compliance')).html).not.toContain('Another Academy');

      expect((await board.get('/compliance/7d0f3c1e-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await board.get('/compliance/not-an-id')).status).toBe(404);
    }, 30_000);
  });
});
