import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { Clock, FixedClock } from '@lib/event-store';
import { ENVIRONMENT, JsonLogger, ProjectionRunner, setUpOpenApi } from '@lib/platform';
import {
  createTestDatabase,
  startTestIssuer,
  TEST_AUDIENCE,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module.js';
import { SERVICE_NAME } from '../src/config/compliance-reporting.config.js';

/**
 * Authority compliance over HTTP, on the booted app with a FixedClock: a coordinator registers
 * Birmingham City Council and a school, assesses their areas (a change of status kept as history),
 * records training and the assurance statement; the clock moves past a review date and the
 * dashboard shows the review overdue. A board member reads both views and may record nothing.
 */
const BIRMINGHAM = 'E08000025';
const LEEDS = 'E08000035';
const WEST_MIDLANDS = 'E12000005';

async function startWithClock(env: Record<string, string>, clock: FixedClock): Promise<RunningTestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(ENVIRONMENT)
    .useValue(env)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const logLines: string[] = [];
  const logger = new JsonLogger({ app: SERVICE_NAME, level: 'log', write: (line) => logLines.push(line) });
  const app = moduleRef.createNestApplication({ logger, forceCloseConnections: true });
  setUpOpenApi(app, { name: SERVICE_NAME });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, logLines, close: () => app.close() };
}

type Summary = {
  authorityId: string;
  name: string;
  rag: string;
  statuses: Record<string, number>;
  overdueReviews: { benchmark: string; reviewDue: string }[];
  training: { trained: number; inPost: number };
  latestAssuranceStatement: { year: string; submittedOn: string } | null;
};
type Dashboard = { today: string; totals: Record<string, number>; items: Summary[]; total: number };

describe('authority compliance over HTTP', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let running: RunningTestApp;
  const clock = new FixedClock(new Date('2025-05-01T09:00:00Z'));
  let coordinator: string;
  let leedsCoordinator: string;
  let board: string;
  let chair: string;
  let council: string;
  let school: string;

  beforeAll(async () => {
    database = await createTestDatabase('compliance');
    issuer = await startTestIssuer({ audience: TEST_AUDIENCE });
    running = await startWithClock(
      { DATABASE_URL: database.url, OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: TEST_AUDIENCE },
      clock,
    );
    coordinator = await issuer.sign({ sub: 'coordinator-1', roles: ['channel-coordinator'], area: BIRMINGHAM });
    leedsCoordinator = await issuer.sign({ sub: 'coordinator-9', roles: ['channel-coordinator'], area: LEEDS });
    board = await issuer.sign({ sub: 'board-1', roles: ['board-member'] });
    chair = await issuer.sign({ sub: 'chair-1', roles: ['channel-chair'], area: BIRMINGHAM });
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await issuer?.close();
    await database?.drop();
  });

  const post = (path: string, token: string, body: object, ifMatch?: string, key?: string) => {
    const call = request(running.url).post(path).set('authorization', `Bearer ${token}`).send(body);
    if (ifMatch !== undefined) call.set('if-match', ifMatch);
    if (key !== undefined) call.set('idempotency-key', key);
    return call;
  };
  const get = (path: string, token: string) => request(running.url).get(path).set('authorization', `Bearer ${token}`);
  /** Waits until the read model has applied every authority event committed so far (ADR 003). */
  const settled = async () => {
    const { rows } = await database.pool.query<{ commit: string; prepare: string }>(
      `SELECT transaction_id::text AS commit, global_position::text AS prepare FROM compliance_reporting.events
        WHERE category = 'authority' ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const through = rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : undefined;
    await running.app.get(ProjectionRunner).settled(through ? { through } : {});
  };
  const dashboard = async (query = '', token = board): Promise<Dashboard> => {
    await settled();
    const answer = await get(`/compliance/authorities${query}`, token).expect(200);
    return answer.body as Dashboard;
  };
  const assessment = (benchmark: string, status: string, reviewDue: string) => ({
    benchmark,
    status,
    evidence: { reference: `DOC-${benchmark}`, summary: 'Minutes and terms of reference' },
    owner: 'Prevent lead',
    reviewDue,
    reason: `Assessed at the quarterly board: ${status}`,
  });

  it('registers authorities, idempotently with a key, and refuses another area’s', async () => {
    const body = { name: 'Birmingham City Council', type: 'local-authority', area: BIRMINGHAM, region: WEST_MIDLANDS };
    const first = await post('/compliance/authorities', coordinator, body, undefined, 'register-bcc-1').expect(201);
    expect(first.headers.etag).toBe('W/"0"');
    expect(first.headers.location).toBe(`/compliance/authorities/${first.body.id}`);
    council = first.body.id;
    const retry = await post('/compliance/authorities', coordinator, body, undefined, 'register-bcc-1').expect(200);
    expect(retry.body).toEqual({ id: council, revision: 0, created: false });
    await post('/compliance/authorities', coordinator, { ...body, name: 'Other' }, undefined, 'register-bcc-1').expect(
      422,
    );

    const created = await post('/compliance/authorities', coordinator, {
      name: 'Park View Academy',
      type: 'school',
      area: BIRMINGHAM,
      region: WEST_MIDLANDS,
    }).expect(201);
    school = created.body.id;

    const refused = await post('/compliance/authorities', leedsCoordinator, body).expect(403);
    expect(refused.body.type).toBe('authority-compliance.area-outside-reach');
  });

  it('answers 400 on bad input, naming the fields', async () => {
    const answer = await post('/compliance/authorities', coordinator, {
      name: 'X',
      type: 'church',
      area: 'Birmingham',
      region: WEST_MIDLANDS,
    }).expect(400);
    const fields = (answer.body.errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['area', 'name', 'type']);
    await post(
      `/compliance/authorities/${council}/assessments`,
      coordinator,
      { ...assessment('partnership-group', 'sort-of', '2025-11-01'), evidence: {} },
      'W/"0"',
    ).expect(400);
    await post(
      `/compliance/authorities/${council}/training`,
      coordinator,
      { staffGroup: 'frontline-staff', trained: -1, inPost: 10, asOf: '2025-04-30' },
      'W/"0"',
    ).expect(400);
  });

  it('keeps every change of an area’s status as history: who, in which role, when and why', async () => {
    const first = await post(
      `/compliance/authorities/${council}/assessments`,
      coordinator,
      assessment('partnership-group', 'partly-met', '2025-06-30'),
      'W/"0"',
    ).expect(200);
    expect(first.headers.etag).toBe('W/"1"');
    clock.advance(24 * 3600 * 1000);
    const second = await post(
      `/compliance/authorities/${council}/assessments`,
      coordinator,
      assessment('partnership-group', 'met', '2025-11-01'),
      first.headers.etag,
    ).expect(200);
    expect(second.body).toEqual({ id: council, revision: 2 });

    const drill = await get(`/compliance/authorities/${council}`, board).expect(200);
    expect(drill.headers.etag).toBe('W/"2"');
    const group = drill.body.benchmarks.find((b: { benchmark: string }) => b.benchmark === 'partnership-group');
    expect(group).toMatchObject({ status: 'met', owner: 'Prevent lead', reviewDue: '2025-11-01', overdue: false });
    expect(group.evidence).toEqual({ reference: 'DOC-partnership-group', summary: 'Minutes and terms of reference' });
    expect(group.history).toEqual([
      expect.objectContaining({
        status: 'met',
        assessedAt: '2025-05-02T09:00:00.000Z',
        recordedBy: { id: 'coordinator-1', role: 'channel-coordinator' },
        reason: 'Assessed at the quarterly board: met',
      }),
      expect.objectContaining({
        status: 'partly-met',
        reviewDue: '2025-06-30',
        assessedAt: '2025-05-01T09:00:00.000Z',
        reason: 'Assessed at the quarterly board: partly-met',
      }),
    ]);
    expect(drill.body.benchmarks).toHaveLength(8);
    expect(drill.body.rag).toBe('red'); // seven areas not assessed yet
  });

  it('refuses what the rules refuse, writing nothing', async () => {
    const notJudged = await post(
      `/compliance/authorities/${school}/assessments`,
      coordinator,
      assessment('channel-panel', 'met', '2025-11-01'),
      'W/"0"',
    ).expect(422);
    expect(notJudged.body.type).toBe('authority-compliance.benchmark-not-applicable');
    const past = await post(
      `/compliance/authorities/${school}/assessments`,
      coordinator,
      assessment('staff-training', 'met', '2025-05-01'),
      'W/"0"',
    ).expect(422);
    expect(past.body.type).toBe('authority-compliance.review-date-in-past');
    const notLa = await post(
      `/compliance/authorities/${school}/assurance-statements`,
      coordinator,
      { year: '2024/25', submittedOn: '2025-04-20' },
      'W/"0"',
    ).expect(422);
    expect(notLa.body.type).toBe('authority-compliance.assurance-not-applicable');
    const read = await get(`/compliance/authorities/${school}`, board).expect(200);
    expect(read.headers.etag).toBe('W/"0"');
  });

  it('answers 412 on a stale If-Match and 428 without one', async () => {
    const stale = await post(
      `/compliance/authorities/${council}/assessments`,
      coordinator,
      assessment('risk-assessment', 'met', '2025-11-01'),
      'W/"1"',
    ).expect(412);
    expect(stale.body.type).toBe('authority-compliance.stale-revision');
    await post(
      `/compliance/authorities/${council}/assessments`,
      coordinator,
      assessment('risk-assessment', 'met', '2025-11-01'),
    ).expect(428);
    const read = await get(`/compliance/authorities/${council}`, board).expect(200);
    expect(read.headers.etag).toBe('W/"2"');
  });

  it('records training and one assurance statement a year', async () => {
    await post(
      `/compliance/authorities/${council}/training`,
      coordinator,
      { staffGroup: 'frontline-staff', trained: 180, inPost: 240, asOf: '2025-04-30' },
      'W/"2"',
    ).expect(200);
    await post(
      `/compliance/authorities/${council}/assurance-statements`,
      coordinator,
      { year: '2024/25', submittedOn: '2025-04-20' },
      'W/"3"',
    ).expect(200);
    const again = await post(
      `/compliance/authorities/${council}/assurance-statements`,
      coordinator,
      { year: '2024/25', submittedOn: '2025-04-22' },
      'W/"4"',
    ).expect(409);
    expect(again.body.type).toBe('authority-compliance.assurance-already-submitted');
    const read = await get(`/compliance/authorities/${council}`, board).expect(200);
    expect(read.body.training).toEqual([
      { staffGroup: 'frontline-staff', trained: 180, inPost: 240, asOf: '2025-04-30' },
    ]);
    expect(read.body.assuranceStatements).toEqual([{ year: '2024/25', submittedOn: '2025-04-20' }]);
  });

  it('lets a board member read the dashboard and the drill-down, and record nothing', async () => {
    await post('/compliance/authorities', board, {
      name: 'Birmingham City Council',
      type: 'local-authority',
      area: BIRMINGHAM,
      region: WEST_MIDLANDS,
    }).expect(403);
    await post(
      `/compliance/authorities/${council}/assessments`,
      board,
      assessment('risk-assessment', 'met', '2025-11-01'),
      'W/"4"',
    ).expect(403);
    await post(
      `/compliance/authorities/${council}/training`,
      chair,
      { staffGroup: 'managers', trained: 1, inPost: 2, asOf: '2025-04-30' },
      'W/"4"',
    ).expect(403);
    const view = await dashboard();
    expect(view.total).toBe(2);
    const bcc = view.items.find((item) => item.authorityId === council)!;
    expect(bcc).toMatchObject({
      rag: 'red',
      statuses: { met: 1, partlyMet: 0, notMet: 0, notAssessed: 7 },
      training: { trained: 180, inPost: 240 },
      latestAssuranceStatement: { year: '2024/25', submittedOn: '2025-04-20' },
    });
  });

  it('shows an authority’s overdue review once the clock passes its date, and the RAG from its statuses', async () => {
    const duties = ['risk-assessment', 'action-plan', 'staff-training', 'partnership-working', 'referral-mechanisms'];
    let etag = 'W/"0"';
    for (const duty of duties) {
      const answer = await post(
        `/compliance/authorities/${school}/assessments`,
        coordinator,
        assessment(duty, 'met', '2025-12-01'),
        etag,
      ).expect(200);
      etag = answer.headers.etag;
    }
    await post(
      `/compliance/authorities/${school}/assessments`,
      coordinator,
      assessment('records-and-reporting', 'partly-met', '2025-06-15'),
      etag,
    ).expect(200);

    const before = await dashboard('?type=school');
    expect(before.items).toHaveLength(1);
    expect(before.items[0]).toMatchObject({ name: 'Park View Academy', rag: 'amber', overdueReviews: [] });
    expect((await dashboard('?overdue=true')).total).toBe(0);

    clock.set(new Date('2025-07-01T09:00:00Z'));
    const after = await dashboard('?overdue=true');
    expect(after.today).toBe('2025-07-01');
    expect(after.items.map((item) => [item.name, item.overdueReviews])).toEqual([
      ['Park View Academy', [{ benchmark: 'records-and-reporting', reviewDue: '2025-06-15' }]],
    ]);
    expect(after.totals).toEqual({ red: 0, amber: 1, green: 0, overdue: 1 });
    const drill = await get(`/compliance/authorities/${school}`, board).expect(200);
    expect(
      drill.body.benchmarks.find((b: { benchmark: string }) => b.benchmark === 'records-and-reporting').overdue,
    ).toBe(true);

    const all = await dashboard();
    expect(all.items.map((item) => [item.name, item.rag])).toEqual([
      ['Birmingham City Council', 'red'],
      ['Park View Academy', 'amber'],
    ]);
    expect(all.totals).toEqual({ red: 1, amber: 1, green: 0, overdue: 1 });
    expect((await dashboard('?rag=amber')).items.map((item) => item.name)).toEqual(['Park View Academy']);
    const paged = await dashboard('?limit=1&offset=1');
    expect(paged.items.map((item) => item.name)).toEqual(['Park View Academy']);
    expect(paged.total).toBe(2);
    await get('/compliance/authorities?rag=purple', board).expect(400);
  });
});
