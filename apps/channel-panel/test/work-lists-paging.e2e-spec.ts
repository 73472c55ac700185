import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { Clock, EventStore, FixedClock } from '@lib/event-store';
import { PersonalDataCipher } from '@lib/personal-data';
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
import { channelCaseStream, type ChannelCaseEvent } from '../src/channel-cases/domain/channel-case.events.js';
import { SERVICE_NAME } from '../src/config/channel-panel.config.js';
import { panelMeetingStream, type PanelMeetingEvent } from '../src/panel-meetings/domain/panel-meeting.events.js';

/**
 * The panel's work lists a page at a time (`limit`, `offset`, answered with the `total`, as
 * `GET /cases`), on the booted app with a FixedClock on 20 April 2025. Birmingham has three adopted
 * cases listed for its May meeting, their April review missed and their mentoring stalled (two
 * delivered by mentor-1, one by mentor-2), and three closed cases whose 6-month reviews are overdue;
 * Leeds has one of each. The pages together are the whole list, in its order; the scoping by area
 * and by provider holds on every page.
 */
const BIRMINGHAM = 'E08000025';
const LEEDS = 'E08000035';
const coordinator = { id: 'coordinator-1', role: 'channel-coordinator' };
const chair = { id: 'chair-1', role: 'channel-chair' };

const meetings = { march: randomUUID(), april: randomUUID(), may: randomUUID(), leedsMarch: randomUUID() };
const adopted = [randomUUID(), randomUUID(), randomUUID()];
const exited = [randomUUID(), randomUUID(), randomUUID()];
const leedsAdopted = randomUUID();
const leedsExited = randomUUID();

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

type Page<T> = { items: T[]; total: number; limit: number; offset: number };

describe('channel-panel work lists, a page at a time', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let running: RunningTestApp;
  let store: EventStore;
  let cipher: PersonalDataCipher;
  const clock = new FixedClock(new Date('2025-04-20T10:00:00Z'));

  type Caller = { sub?: string; roles?: string[]; area?: string; assigned_cases?: string[] };
  const get = async (path: string, status: number, caller: Caller = {}) =>
    request(running.url)
      .get(path)
      .set(
        'authorization',
        `Bearer ${await issuer.sign({
          sub: caller.sub ?? coordinator.id,
          roles: caller.roles ?? ['channel-coordinator'],
          ...(caller.roles?.includes('intervention-provider') ? {} : { area: caller.area ?? BIRMINGHAM }),
          ...(caller.assigned_cases ? { assigned_cases: caller.assigned_cases } : {}),
        })}`,
      )
      .expect(status);
  const mentor = (id: string): Caller => ({ sub: id, roles: ['intervention-provider'] });

  const appendCase = (caseId: string, events: ChannelCaseEvent[], actor = coordinator) =>
    store.appendToStream(channelCaseStream(caseId), events, {
      expectedRevision: 'any',
      actor,
      correlationId: `corr-${randomUUID()}`,
    });
  const appendMeeting = (meetingId: string, events: PanelMeetingEvent[]) =>
    store.appendToStream(panelMeetingStream(meetingId), events, {
      expectedRevision: 'any',
      actor: coordinator,
      correlationId: `corr-${randomUUID()}`,
    });

  async function open(caseId: string, area: string, openedAt: string) {
    const subjectId = randomUUID();
    await appendCase(caseId, [
      {
        type: 'CaseOpened',
        data: {
          caseId,
          origin: 'police-referral',
          referralId: caseId,
          subjectId,
          area,
          region: area === LEEDS ? 'E12000003' : 'E12000005',
          sector: 'education',
          concernTypes: { codeList: 'concern-types-2024', codes: ['islamist'] },
          ageAtReferral: 19,
          gender: 'male',
          referredAt: openedAt,
          personalDetails: {
            name: await cipher.protect(subjectId, { givenNames: 'Adam', familyName: 'Whitmore' }),
            concern: await cipher.protect(subjectId, { description: 'Sharing extremist videos' }),
          },
          openedAt,
        },
      },
    ]);
    return subjectId;
  }

  async function schedule(meetingId: string, area: string, meetingDate: string) {
    await appendMeeting(meetingId, [
      { type: 'PanelMeetingScheduled', data: { meetingId, area, meetingDate, scheduledAt: '2025-01-10T09:00:00Z' } },
    ]);
  }

  async function list(caseId: string, meetingId: string, meetingDate: string) {
    await appendMeeting(meetingId, [
      { type: 'CaseAddedToAgenda', data: { meetingId, caseId, addedAt: '2025-02-20T09:00:00Z' } },
    ]);
    await appendCase(caseId, [
      { type: 'CaseListedForMeeting', data: { caseId, meetingId, meetingDate, listedAt: '2025-02-20T09:00:00Z' } },
    ]);
  }

  /** Adopted at `meetingId`, mentoring by `providerId` planned in March and never heard of since. */
  async function adoptWithMentoring(caseId: string, area: string, meetingId: string, providerId: string) {
    const subjectId = await open(caseId, area, '2025-02-10T10:00:00Z');
    await appendCase(
      caseId,
      [
        {
          type: 'CaseDiscussedAtPanel',
          data: { caseId, meetingId, firstDiscussion: true, discussedAt: '2025-03-04T14:30:00Z' },
        },
        {
          type: 'CaseAdopted',
          data: {
            caseId,
            meetingId,
            rationale: await cipher.protect(subjectId, 'Vulnerable'),
            adoptedAt: '2025-03-04T14:30:00Z',
          },
        },
      ],
      chair,
    );
    await appendCase(caseId, [
      {
        type: 'InterventionPlanned',
        data: {
          caseId,
          interventionId: `mentoring-${caseId}`,
          interventionType: { codeList: 'intervention-types-2024', code: 'ideological-mentoring' },
          ownerAgency: 'intervention-provider',
          providerId,
          startDate: '2025-03-10',
          description: await cipher.protect(subjectId, 'Weekly mentoring'),
          plannedAt: '2025-03-06T11:30:00Z',
        },
      },
    ]);
  }

  /** Closed in October 2024: the 6-month review fell due in April 2025 and is overdue on the 20th. */
  async function closeInOctober(caseId: string, area: string, exitedOn: string) {
    const subjectId = await open(caseId, area, '2024-01-08T10:00:00Z');
    const sixMonths = `2025-04-${exitedOn.slice(8)}`;
    await appendCase(caseId, [
      {
        type: 'CaseAdopted',
        data: {
          caseId,
          meetingId: randomUUID(),
          rationale: await cipher.protect(subjectId, 'Needs support'),
          adoptedAt: '2024-02-06T14:00:00Z',
        },
      },
      {
        type: 'CaseClosed',
        data: {
          caseId,
          exitOutcome: 'no-further-terrorism-concerns',
          exitedOn,
          closingReport: await cipher.protect(subjectId, 'Goals met'),
          postExitReviews: [
            { review: '6-months', dueOn: sixMonths },
            { review: '12-months', dueOn: `2025-10-${exitedOn.slice(8)}` },
          ],
          closedAt: `${exitedOn}T12:00:00Z`,
        },
      },
    ]);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    issuer = await startTestIssuer({ audience: TEST_AUDIENCE });
    running = await startWithClock(
      {
        DATABASE_URL: database.url,
        OIDC_ISSUER: issuer.issuer,
        OIDC_AUDIENCE: TEST_AUDIENCE,
        PERSONAL_DATA_KEK: randomBytes(32).toString('base64'),
      },
      clock,
    );
    store = running.app.get(EventStore);
    cipher = running.app.get(PersonalDataCipher);
    const runner = running.app.get(ProjectionRunner);
    const deadline = Date.now() + 15_000;
    while (runner.state !== 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    await schedule(meetings.march, BIRMINGHAM, '2025-03-04T14:00:00Z');
    await schedule(meetings.april, BIRMINGHAM, '2025-04-01T13:00:00Z');
    await schedule(meetings.may, BIRMINGHAM, '2025-05-06T13:00:00Z');
    await schedule(meetings.leedsMarch, LEEDS, '2025-03-05T10:00:00Z');
    for (const [index, caseId] of adopted.entries()) {
      await adoptWithMentoring(caseId, BIRMINGHAM, meetings.march, index < 2 ? 'mentor-1' : 'mentor-2');
      await list(caseId, meetings.may, '2025-05-06T13:00:00Z');
    }
    await adoptWithMentoring(leedsAdopted, LEEDS, meetings.leedsMarch, 'mentor-1');
    for (const [index, caseId] of exited.entries()) await closeInOctober(caseId, BIRMINGHAM, `2024-10-1${index + 1}`);
    await closeInOctober(leedsExited, LEEDS, '2024-10-14');

    const { rows } = await database.pool.query<{ commit: string; prepare: string }>(
      `SELECT transaction_id::text AS commit, global_position::text AS prepare FROM channel_panel.events
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    await runner.settled({ through: { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } });
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await issuer?.close();
    await database?.drop();
  });

  /** Every page of `path` at `limit`, checking each answers the same total and its own limit and offset. */
  async function allPages<T>(
    path: string,
    limit: number,
    caller: Caller = {},
  ): Promise<{ pages: T[][]; total: number }> {
    const first = (await get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}`, 200, caller)).body as Page<T>;
    const pages = [first.items];
    for (let offset = limit; offset < first.total; offset += limit) {
      const page = (await get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}&offset=${offset}`, 200, caller))
        .body as Page<T>;
      expect({ total: page.total, limit: page.limit, offset: page.offset }).toEqual({
        total: first.total,
        limit,
        offset,
      });
      pages.push(page.items);
    }
    return { pages, total: first.total };
  }

  it('pages the next meeting’s agenda in agenda order, with the total of the area’s cases', async () => {
    const whole = (await get('/work-lists/next-meeting', 200)).body as Page<{ case: { caseId: string } }> & {
      meeting: { meetingId: string };
    };
    expect(whole.meeting.meetingId).toBe(meetings.may);
    expect({ total: whole.total, limit: whole.limit, offset: whole.offset }).toEqual({
      total: 3,
      limit: 25,
      offset: 0,
    });
    expect(whole.items.map((item) => item.case.caseId)).toEqual(adopted);
    const second = (await get('/work-lists/next-meeting?limit=2&offset=2', 200)).body as typeof whole;
    expect(second.meeting.meetingId).toBe(meetings.may);
    expect(second.items.map((item) => item.case.caseId)).toEqual([adopted[2]]);
    expect(second.total).toBe(3);
    const past = (await get('/work-lists/next-meeting?offset=5', 200)).body as typeof whole;
    expect({ items: past.items, total: past.total }).toEqual({ items: [], total: 3 });
  });

  it('pages the overdue reviews, the pages together being the whole list', async () => {
    const whole = (await get('/work-lists/reviews?state=overdue', 200)).body as Page<{ caseId: string }>;
    expect(whole.total).toBe(3);
    expect(whole.items.map((item) => item.caseId).sort()).toEqual([...adopted].sort());
    const { pages, total } = await allPages<{ caseId: string }>('/work-lists/reviews?state=overdue', 2);
    expect(total).toBe(3);
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    expect(pages.flat()).toEqual(whole.items);
  });

  it('pages the post-exit reviews soonest first', async () => {
    const { pages, total } = await allPages<{ caseId: string; review: string; dueOn: string }>(
      '/work-lists/post-exit-reviews',
      1,
    );
    expect(total).toBe(3);
    expect(pages.map((page) => page.map((item) => [item.caseId, item.review, item.dueOn]))).toEqual([
      [[exited[0], '6-months', '2025-04-11']],
      [[exited[1], '6-months', '2025-04-12']],
      [[exited[2], '6-months', '2025-04-13']],
    ]);
  });

  it('pages the stalled interventions, a provider seeing only theirs on every page', async () => {
    const whole = (await get('/work-lists/stalled-interventions', 200)).body as Page<{ caseId: string }>;
    expect(whole.total).toBe(3);
    const { pages, total } = await allPages<{ caseId: string }>('/work-lists/stalled-interventions', 2);
    expect(total).toBe(3);
    expect(pages.flat()).toEqual(whole.items);

    const theirs = await allPages<{ caseId: string; providerId: string }>(
      '/work-lists/stalled-interventions',
      1,
      mentor('mentor-1'),
    );
    expect(theirs.total).toBe(3);
    expect(theirs.pages.flat().map((item) => item.providerId)).toEqual(['mentor-1', 'mentor-1', 'mentor-1']);
    expect(
      theirs.pages
        .flat()
        .map((item) => item.caseId)
        .sort(),
    ).toEqual([adopted[0], adopted[1], leedsAdopted].sort());
    const other = (await get('/work-lists/stalled-interventions?limit=1', 200, mentor('mentor-2'))).body as Page<{
      caseId: string;
    }>;
    expect({ ids: other.items.map((item) => item.caseId), total: other.total }).toEqual({
      ids: [adopted[2]],
      total: 1,
    });
  });

  it('keeps the area on every page: Leeds sees one of each', async () => {
    const leeds: Caller = { area: LEEDS };
    for (const path of ['/work-lists/reviews', '/work-lists/post-exit-reviews', '/work-lists/stalled-interventions']) {
      const page = (await get(`${path}?limit=1`, 200, leeds)).body as Page<{ caseId: string }>;
      expect({ path, total: page.total, ids: page.items.map((item) => item.caseId) }).toEqual({
        path,
        total: 1,
        ids: [path === '/work-lists/post-exit-reviews' ? leedsExited : leedsAdopted],
      });
      const beyond = (await get(`${path}?limit=1&offset=1`, 200, leeds)).body as Page<{ caseId: string }>;
      expect({ items: beyond.items, total: beyond.total }).toEqual({ items: [], total: 1 });
    }
    const elsewhere = (await get(`/work-lists/next-meeting?area=${BIRMINGHAM}&limit=1`, 200, leeds)).body;
    expect(elsewhere).toEqual({ meeting: null, items: [], total: 0, limit: 1, offset: 0 });
  });

  it('refuses a bad limit or offset, or an unknown parameter, with 400', async () => {
    for (const path of [
      '/work-lists/next-meeting?limit=0',
      '/work-lists/reviews?limit=101',
      '/work-lists/post-exit-reviews?offset=-1',
      '/work-lists/stalled-interventions?limit=ten',
      '/work-lists/stalled-interventions?page=2',
    ]) {
      const response = await get(path, 400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });
});
