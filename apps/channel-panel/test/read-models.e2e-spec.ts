import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { AuditLog } from '@lib/audit';
import { Clock, EventStore, FixedClock } from '@lib/event-store';
import { KeyStore, PersonalDataCipher } from '@lib/personal-data';
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
import { AlertsMetric } from '../src/work-lists/alerts.metric.js';

/**
 * The panel's read side on the booted app, with a FixedClock in place of the system clock: the
 * case list with its filters and pages, meetings and agendas, the work lists as the clock moves on
 * (an intervention stalls, a review becomes overdue, a post-exit review falls due then overdue),
 * the alert gauges, the timeline from the store, another area's cases answered 404, an intervention
 * provider's narrow view, and a rebuild that gives the same read models. The story is appended as
 * events, as the write side records them.
 */
const BIRMINGHAM = 'E08000025';
const LEEDS = 'E08000035';
const coordinator = { id: 'coordinator-1', role: 'channel-coordinator' };
const chair = { id: 'chair-1', role: 'channel-chair' };
const mentor = { id: 'mentor-1', role: 'intervention-provider' };

const ids = {
  adopted: randomUUID(), // adopted at the March meeting, mentoring by mentor-1, listed for April
  waiting: randomUUID(), // listed for April, no decision yet
  exited: randomUUID(), // exited in October 2024: its 6-month review falls due in April 2025
  notAdopted: randomUUID(),
  leeds: randomUUID(), // a Leeds case
  mentoring: randomUUID(), // the adopted case's intervention
  march: randomUUID(),
  april: randomUUID(),
  may: randomUUID(),
  leedsMarch: randomUUID(),
  leedsMay: randomUUID(),
};
const subjects = {
  adopted: randomUUID(),
  waiting: randomUUID(),
  exited: randomUUID(),
  notAdopted: randomUUID(),
  leeds: randomUUID(),
};

/** Boots the real app module as startTestApp does, with the clock replaced by `clock`. */
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

describe('channel-panel read models, on the booted app with a controlled clock', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let running: RunningTestApp;
  let store: EventStore;
  let cipher: PersonalDataCipher;
  const clock = new FixedClock(new Date('2025-03-20T10:00:00Z'));

  const token = (claims: { sub: string; roles: string[]; area?: string; assigned_cases?: string[] }) =>
    issuer.sign(claims);
  type Caller = { sub?: string; roles?: string[]; area?: string | null; assigned_cases?: string[] };
  /** GETs `path` as `caller` (a Birmingham coordinator unless told), checks the status, gives the response. */
  const get = async (path: string, status: number, caller: Caller = {}, correlationId?: string) => {
    const area = caller.area === null ? undefined : (caller.area ?? BIRMINGHAM);
    const call = request(running.url)
      .get(path)
      .set(
        'authorization',
        `Bearer ${await token({
          sub: caller.sub ?? coordinator.id,
          roles: caller.roles ?? ['channel-coordinator'],
          ...(area ? { area } : {}),
          ...(caller.assigned_cases ? { assigned_cases: caller.assigned_cases } : {}),
        })}`,
      );
    if (correlationId) call.set('x-correlation-id', correlationId);
    return call.expect(status);
  };
  const asMentor: Caller = { sub: mentor.id, roles: ['intervention-provider'], area: null };

  /** Waits until the read models have applied everything committed so far (ADR 003). */
  const settled = async () => {
    const { rows } = await database.pool.query<{ commit: string; prepare: string }>(
      `SELECT transaction_id::text AS commit, global_position::text AS prepare FROM channel_panel.events
        WHERE category IN ('channel', 'panel') ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const through = rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : undefined;
    await running.app.get(ProjectionRunner).settled(through ? { through } : {});
  };

  const appendCase = (caseId: string, events: ChannelCaseEvent[], actor = coordinator, reason?: string) =>
    store.appendToStream(channelCaseStream(caseId), events, {
      expectedRevision: 'any',
      actor,
      correlationId: `corr-${randomUUID()}`,
      ...(reason ? { reason } : {}),
    });
  const appendMeeting = (meetingId: string, events: PanelMeetingEvent[], actor = coordinator) =>
    store.appendToStream(panelMeetingStream(meetingId), events, {
      expectedRevision: 'any',
      actor,
      correlationId: `corr-${randomUUID()}`,
    });
  const seal = <T>(subjectId: string, value: T) => cipher.protect(subjectId, value);

  async function open(caseId: string, subjectId: string, area: string, openedAt: string) {
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
            name: await seal(subjectId, { givenNames: 'Adam', familyName: 'Whitmore' }),
            concern: await seal(subjectId, { description: 'Sharing extremist videos' }),
          },
          openedAt,
        },
      },
    ]);
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

  async function adopt(caseId: string, subjectId: string, meetingId: string, at: string) {
    await appendCase(
      caseId,
      [
        { type: 'CaseDiscussedAtPanel', data: { caseId, meetingId, firstDiscussion: true, discussedAt: at } },
        {
          type: 'CaseAdopted',
          data: { caseId, meetingId, rationale: await seal(subjectId, 'Vulnerable to grooming online'), adoptedAt: at },
        },
      ],
      chair,
      'panel-decision',
    );
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
    const deadline = Date.now() + 15_000;
    while (running.app.get(ProjectionRunner).state !== 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    await schedule(ids.march, BIRMINGHAM, '2025-03-04T14:00:00Z');
    await schedule(ids.april, BIRMINGHAM, '2025-04-01T13:00:00Z');
    await schedule(ids.may, BIRMINGHAM, '2025-05-06T13:00:00Z');
    await schedule(ids.leedsMarch, LEEDS, '2025-03-05T10:00:00Z');
    await schedule(ids.leedsMay, LEEDS, '2025-05-07T10:00:00Z');

    await open(ids.adopted, subjects.adopted, BIRMINGHAM, '2025-02-10T10:00:00Z');
    await open(ids.waiting, subjects.waiting, BIRMINGHAM, '2025-02-17T10:00:00Z');
    await open(ids.exited, subjects.exited, BIRMINGHAM, '2024-01-08T10:00:00Z');
    await open(ids.notAdopted, subjects.notAdopted, BIRMINGHAM, '2025-02-24T10:00:00Z');
    await open(ids.leeds, subjects.leeds, LEEDS, '2025-02-12T10:00:00Z');

    await list(ids.adopted, ids.march, '2025-03-04T14:00:00Z');
    await appendMeeting(
      ids.march,
      [
        {
          type: 'AttendanceRecorded',
          data: {
            meetingId: ids.march,
            attendees: [
              { agency: 'local-authority', role: 'chair', userId: chair.id },
              { agency: 'police', role: 'member' },
            ],
            quorate: true,
            recordedAt: '2025-03-04T14:05:00Z',
          },
        },
      ],
      chair,
    );
    await appendCase(
      ids.adopted,
      [
        {
          type: 'CaseAssessed',
          data: {
            caseId: ids.adopted,
            assessmentNumber: 1,
            meetingId: ids.march,
            templateId: 'vulnerability-assessment',
            templateVersion: 1,
            answers: [],
            summaryConclusion: await seal(subjects.adopted, 'Susceptible; support proportionate'),
            assessedAt: '2025-03-04T14:20:00Z',
          },
        },
      ],
      chair,
    );
    await adopt(ids.adopted, subjects.adopted, ids.march, '2025-03-04T14:30:00Z');
    await appendMeeting(
      ids.march,
      [
        {
          type: 'MinutesRecorded',
          data: {
            meetingId: ids.march,
            minutes: await seal(ids.march, 'Two cases discussed; one adopted'),
            recordedAt: '2025-03-05T09:00:00Z',
          },
        },
      ],
      chair,
    );
    await appendCase(ids.adopted, [
      {
        type: 'ConsentRecorded',
        data: {
          caseId: ids.adopted,
          outcome: 'given',
          givenBy: 'subject',
          subjectAgeOnDate: 19,
          consentedOn: '2025-03-06',
          method: 'in-person',
          recordedAt: '2025-03-06T11:00:00Z',
        },
      },
      {
        type: 'InterventionPlanned',
        data: {
          caseId: ids.adopted,
          interventionId: ids.mentoring,
          interventionType: { codeList: 'intervention-types-2024', code: 'ideological-mentoring' },
          ownerAgency: 'intervention-provider',
          providerId: mentor.id,
          startDate: '2025-03-10',
          description: await seal(subjects.adopted, 'Weekly mentoring'),
          plannedAt: '2025-03-06T11:30:00Z',
        },
      },
      {
        type: 'SupportStarted',
        data: {
          caseId: ids.adopted,
          interventionTypes: { codeList: 'intervention-types-2024', codes: ['ideological-mentoring'] },
          startedAt: '2025-03-10T10:00:00Z',
        },
      },
    ]);
    await appendCase(
      ids.adopted,
      [
        {
          type: 'InterventionSessionRecorded',
          data: {
            caseId: ids.adopted,
            interventionId: ids.mentoring,
            sessionId: randomUUID(),
            sessionDate: '2025-03-12',
            attendance: 'attended',
            notes: await seal(subjects.adopted, 'Engaged well'),
            recordedAt: '2025-03-12T17:00:00Z',
          },
        },
      ],
      mentor,
    );
    await list(ids.adopted, ids.april, '2025-04-01T13:00:00Z');
    await list(ids.waiting, ids.april, '2025-04-01T13:00:00Z');

    await appendCase(
      ids.notAdopted,
      [
        {
          type: 'CaseNotAdopted',
          data: {
            caseId: ids.notAdopted,
            meetingId: ids.march,
            outcome: 'no-further-action',
            rationale: await seal(subjects.notAdopted, 'No vulnerability found'),
            decidedAt: '2025-03-04T15:00:00Z',
          },
        },
      ],
      chair,
    );

    await appendCase(ids.exited, [
      {
        type: 'CaseAdopted',
        data: {
          caseId: ids.exited,
          meetingId: randomUUID(),
          rationale: await seal(subjects.exited, 'Needs support'),
          adoptedAt: '2024-02-06T14:00:00Z',
        },
      },
      {
        type: 'CaseClosed',
        data: {
          caseId: ids.exited,
          exitOutcome: 'no-further-terrorism-concerns',
          exitedOn: '2024-10-15',
          closingReport: await seal(subjects.exited, 'Goals met'),
          postExitReviews: [
            { review: '6-months', dueOn: '2025-04-15' },
            { review: '12-months', dueOn: '2025-10-15' },
          ],
          closedAt: '2024-10-15T12:00:00Z',
        },
      },
    ]);

    await list(ids.leeds, ids.leedsMarch, '2025-03-05T10:00:00Z');
    await adopt(ids.leeds, subjects.leeds, ids.leedsMarch, '2025-03-05T11:00:00Z');
    await settled();
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await issuer?.close();
    await database?.drop();
  });

  const caseIds = (body: { items: { caseId: string }[] }) => body.items.map((item) => item.caseId);

  describe('the case list (GET /cases)', () => {
    it('lists the caller’s area only, oldest first, with the total', async () => {
      const response = await get('/cases', 200);
      expect(caseIds(response.body)).toEqual([ids.exited, ids.adopted, ids.waiting, ids.notAdopted]);
      expect(response.body).toMatchObject({ total: 4, limit: 25, offset: 0 });
    });

    it('pages with limit and offset, the total unchanged', async () => {
      const first = await get('/cases?limit=3', 200);
      const second = await get('/cases?limit=3&offset=3', 200);
      expect(caseIds(first.body)).toEqual([ids.exited, ids.adopted, ids.waiting]);
      expect(caseIds(second.body)).toEqual([ids.notAdopted]);
      expect([first.body.total, second.body.total]).toEqual([4, 4]);
    });

    it.each([
      ['status=adopted', () => [ids.adopted]],
      ['status=exited', () => [ids.exited]],
      ['status=not-adopted', () => [ids.notAdopted]],
      ['adopted=true', () => [ids.exited, ids.adopted]],
      ['adopted=false', () => [ids.waiting, ids.notAdopted]],
      ['meeting=' + ids.april, () => [ids.adopted, ids.waiting]],
      ['overdueReview=true', () => []],
      ['stalledIntervention=false', () => [ids.exited, ids.adopted, ids.waiting, ids.notAdopted]],
      [`area=${LEEDS}`, () => []],
    ])('filters by %s', async (filter, expected) => {
      const response = await get(`/cases?${filter}`, 200);
      expect(caseIds(response.body)).toEqual(expected());
      expect(response.body.total).toBe(expected().length);
    });

    it('shows stage, decision, consent, interventions and what is due, and no name or free text', async () => {
      const response = await get(`/cases?status=adopted`, 200);
      expect(response.body.items[0]).toMatchObject({
        caseId: ids.adopted,
        status: 'adopted',
        area: BIRMINGHAM,
        subjectId: subjects.adopted,
        listedMeetingIds: [ids.march, ids.april],
        discussedMeetingIds: [ids.march],
        assessments: 1,
        decision: { outcome: 'adopted', decidedAt: '2025-03-04T14:30:00.000Z' },
        adoptedOn: '2025-03-04',
        consent: 'given',
        supportStartedAt: '2025-03-10T10:00:00.000Z',
        interventions: [
          {
            interventionId: ids.mentoring,
            type: { code: 'ideological-mentoring' },
            providerId: mentor.id,
            status: 'planned',
            sessions: 1,
            lastSessionOn: '2025-03-12',
            quietSince: '2025-03-12',
            stalled: false,
          },
        ],
        review: { count: 0, dueAt: { meetingId: ids.april, on: '2025-04-01' }, missed: [] },
        alerts: { overdueReview: false, stalledIntervention: false },
      });
      expect(JSON.stringify(response.body)).not.toMatch(/Whitmore|extremist|grooming|mentoring\b(?!")|Engaged/);
    });

    it('refuses an unknown filter or a bad value with 400', async () => {
      await get('/cases?status=lost', 400);
      await get('/cases?limit=1000', 400);
      await get('/cases?colour=red', 400);
    });

    it('audits a page once, with its filters', async () => {
      await get('/cases?status=adopted', 200, {}, 'corr-case-list-1');
      const { entries } = await running.app.get(AuditLog).search({ actor: coordinator.id, limit: 500 });
      expect(entries.find((entry) => entry.correlationId === 'corr-case-list-1')).toMatchObject({
        action: 'case:read',
        record: { type: 'case-list', id: 'status=adopted' },
      });
    });

    it('shows nothing to a panel role without an area, and refuses the board and the police', async () => {
      expect((await get('/cases', 200, { area: null })).body.total).toBe(0);
      await get('/cases', 403, { roles: ['board-member'] });
      await get('/cases', 403, { roles: ['police-officer'] });
    });
  });

  describe('meetings (GET /meetings, GET /meetings/:id/agenda)', () => {
    it('lists the area’s meetings, soonest first, with agenda sizes and quorum', async () => {
      const response = await get('/meetings', 200);
      expect(
        response.body.items.map((m: { meetingId: string; agendaSize: number; quorate: boolean | null }) => [
          m.meetingId,
          m.agendaSize,
          m.quorate,
        ]),
      ).toEqual([
        [ids.march, 1, true],
        [ids.april, 2, null],
        [ids.may, 0, null],
      ]);
      expect((await get('/meetings?from=2025-04-01&to=2025-04-30', 200)).body.total).toBe(1);
    });

    it('shows an agenda with what is due for each case', async () => {
      const response = await get(`/meetings/${ids.april}/agenda`, 200);
      expect(
        response.body.items.map((item: { case: { caseId: string }; business: string }) => [
          item.case.caseId,
          item.business,
        ]),
      ).toEqual([
        [ids.adopted, 'review'],
        [ids.waiting, 'decision'],
      ]);
    });

    it('answers 404 for another area’s meeting, and shows a provider no meeting', async () => {
      await get(`/meetings/${ids.leedsMarch}/agenda`, 404);
      await get(`/meetings/${randomUUID()}/agenda`, 404);
      await get(`/meetings/${ids.leedsMarch}/agenda`, 200, { area: LEEDS });
      expect((await get('/meetings', 200, asMentor)).body.total).toBe(0);
      await get(`/meetings/${ids.april}/agenda`, 404, asMentor);
    });
  });

  describe('the work lists as the clock moves on', () => {
    it('on 20 March: April’s agenda, a review due there, a post-exit review due, nothing stalled', async () => {
      const next = await get('/work-lists/next-meeting', 200);
      expect(next.body.meeting).toMatchObject({ meetingId: ids.april, meetingOn: '2025-04-01' });
      expect(
        next.body.items.map((item: { case: { caseId: string }; business: string }) => [
          item.case.caseId,
          item.business,
        ]),
      ).toEqual([
        [ids.adopted, 'review'],
        [ids.waiting, 'decision'],
      ]);
      expect((await get('/work-lists/reviews', 200)).body.items).toEqual([
        {
          caseId: ids.adopted,
          area: BIRMINGHAM,
          state: 'due',
          adoptedOn: '2025-03-04',
          lastReviewedOn: null,
          dueAt: { meetingId: ids.april, on: '2025-04-01' },
          missed: [],
        },
      ]);
      expect((await get('/work-lists/post-exit-reviews', 200)).body.items).toEqual([
        {
          caseId: ids.exited,
          area: BIRMINGHAM,
          review: '6-months',
          exitedOn: '2024-10-15',
          exitOutcome: 'no-further-terrorism-concerns',
          dueOn: '2025-04-15',
          state: 'due',
        },
      ]);
      expect((await get('/work-lists/stalled-interventions', 200)).body).toEqual({
        items: [],
        total: 0,
        limit: 25,
        offset: 0,
      });
    });

    it('on 16 April: the mentoring has stalled, the April review was missed, the 6-month review is overdue', async () => {
      clock.set(new Date('2025-04-16T09:00:00Z'));
      const stalled = await get('/work-lists/stalled-interventions', 200);
      expect(stalled.body.items).toEqual([
        expect.objectContaining({
          caseId: ids.adopted,
          interventionId: ids.mentoring,
          providerId: mentor.id,
          quietSince: '2025-03-12',
          stalledFrom: '2025-04-11',
          daysQuiet: 35,
        }),
      ]);
      const reviews = await get('/work-lists/reviews?state=overdue', 200);
      expect(reviews.body.items).toEqual([
        expect.objectContaining({
          caseId: ids.adopted,
          state: 'overdue',
          missed: [{ meetingId: ids.april, on: '2025-04-01' }],
          dueAt: { meetingId: ids.may, on: '2025-05-06' },
        }),
      ]);
      expect((await get('/work-lists/post-exit-reviews?state=overdue', 200)).body.items).toEqual([
        expect.objectContaining({ caseId: ids.exited, review: '6-months', state: 'overdue' }),
      ]);
      expect((await get('/work-lists/post-exit-reviews?state=due', 200)).body.total).toBe(0);
      expect(caseIds((await get('/cases?overdueReview=true', 200)).body)).toEqual([ids.adopted]);
      expect(caseIds((await get('/cases?stalledIntervention=true', 200)).body)).toEqual([ids.adopted]);
      const next = await get('/work-lists/next-meeting', 200);
      expect(next.body).toEqual({
        meeting: expect.objectContaining({ meetingId: ids.may }),
        items: [],
        total: 0,
        limit: 25,
        offset: 0,
      });
    });

    it('counts the alerts per area on /metrics', async () => {
      await running.app.get(AlertsMetric).refresh();
      const response = await request(running.url).get('/metrics').expect(200);
      const line = (name: string, area: string) => `${name}{area="${area}",app="${SERVICE_NAME}"}`;
      expect(response.text).toContain(`${line('channel_stalled_interventions', BIRMINGHAM)} 1`);
      expect(response.text).toContain(`${line('channel_overdue_reviews', BIRMINGHAM)} 1`);
      expect(response.text).toContain(`${line('channel_post_exit_reviews_overdue', BIRMINGHAM)} 1`);
      expect(response.text).toContain(`${line('channel_overdue_reviews', LEEDS)} 0`);
    });

    it('clears the alerts once a session, a review and the post-exit review are recorded', async () => {
      await appendCase(
        ids.adopted,
        [
          {
            type: 'InterventionSessionRecorded',
            data: {
              caseId: ids.adopted,
              interventionId: ids.mentoring,
              sessionId: randomUUID(),
              sessionDate: '2025-04-16',
              attendance: 'attended',
              notes: await seal(subjects.adopted, 'Back on track'),
              recordedAt: '2025-04-16T16:00:00Z',
            },
          },
          {
            type: 'CaseReviewed',
            data: {
              caseId: ids.adopted,
              meetingId: ids.april,
              reviewNumber: 1,
              progress: await seal(subjects.adopted, 'Reviewed late, out of meeting'),
              riskNow: 'reduced',
              decision: 'continue-support',
              reviewedAt: '2025-04-16T16:30:00Z',
            },
          },
        ],
        mentor,
      );
      await appendCase(ids.exited, [
        {
          type: 'PostExitReviewCompleted',
          data: {
            caseId: ids.exited,
            review: '6-months',
            outcome: 'no-further-concerns',
            dueOn: '2025-04-15',
            notes: await seal(subjects.exited, 'Doing well at college'),
            completedAt: '2025-04-16T12:00:00Z',
          },
        },
      ]);
      await settled();
      expect((await get('/work-lists/stalled-interventions', 200)).body.total).toBe(0);
      expect((await get('/work-lists/reviews?state=overdue', 200)).body.total).toBe(0);
      expect((await get('/work-lists/post-exit-reviews', 200)).body.total).toBe(0);
      await running.app.get(AlertsMetric).refresh();
      const metrics = await request(running.url).get('/metrics').expect(200);
      expect(metrics.text).toContain(`channel_stalled_interventions{area="${BIRMINGHAM}",app="${SERVICE_NAME}"} 0`);
    });

    it('shows a Leeds coordinator only Leeds work', async () => {
      const reviews = await get('/work-lists/reviews', 200, { area: LEEDS });
      expect(reviews.body.items.map((item: { caseId: string }) => item.caseId)).toEqual([ids.leeds]);
      expect((await get(`/work-lists/next-meeting?area=${BIRMINGHAM}`, 200, { area: LEEDS })).body).toEqual({
        meeting: null,
        items: [],
        total: 0,
        limit: 25,
        offset: 0,
      });
    });
  });

  describe('the timeline (GET /cases/:id/timeline)', () => {
    it('shows every event of the case and of its meetings with who, role, when and why', async () => {
      const response = await get(`/cases/${ids.adopted}/timeline`, 200, {}, 'corr-timeline-1');
      expect(response.body).toMatchObject({
        caseId: ids.adopted,
        subjectId: subjects.adopted,
        area: BIRMINGHAM,
        view: 'full',
      });
      const steps = response.body.entries.map(
        (entry: { source: string; type: string; actor: unknown; reason: string | null; why: unknown }) => [
          entry.source,
          entry.type,
          entry.actor,
          entry.reason,
          entry.why,
        ],
      );
      expect(steps).toEqual([
        ['meeting', 'PanelMeetingScheduled', coordinator, null, null],
        ['meeting', 'PanelMeetingScheduled', coordinator, null, null],
        ['case', 'CaseOpened', coordinator, null, null],
        ['meeting', 'CaseAddedToAgenda', coordinator, null, null],
        ['case', 'CaseListedForMeeting', coordinator, null, null],
        ['meeting', 'AttendanceRecorded', chair, null, null],
        ['case', 'CaseAssessed', chair, null, 'Susceptible; support proportionate'],
        ['case', 'CaseDiscussedAtPanel', chair, 'panel-decision', null],
        ['case', 'CaseAdopted', chair, 'panel-decision', 'Vulnerable to grooming online'],
        ['meeting', 'MinutesRecorded', chair, null, 'Two cases discussed; one adopted'],
        ['case', 'ConsentRecorded', coordinator, null, null],
        ['case', 'InterventionPlanned', coordinator, null, null],
        ['case', 'SupportStarted', coordinator, null, null],
        ['case', 'InterventionSessionRecorded', mentor, null, 'Engaged well'],
        ['meeting', 'CaseAddedToAgenda', coordinator, null, null],
        ['case', 'CaseListedForMeeting', coordinator, null, null],
        ['case', 'InterventionSessionRecorded', mentor, null, 'Back on track'],
        ['case', 'CaseReviewed', mentor, null, 'Reviewed late, out of meeting'],
      ]);
      for (const entry of response.body.entries) expect(Date.parse(entry.recordedAt)).toBeGreaterThan(0);
      expect(response.body.entries[2].data.personalDetails.name).toEqual({
        givenNames: 'Adam',
        familyName: 'Whitmore',
      });
      const { entries } = await running.app.get(AuditLog).search({ person: subjects.adopted });
      expect(entries.find((entry) => entry.correlationId === 'corr-timeline-1')).toMatchObject({
        action: 'case:read',
        record: { type: 'case-timeline', id: ids.adopted },
        person: subjects.adopted,
      });
    });

    it('answers 404 for another area’s case, exactly as for one that does not exist', async () => {
      const elsewhere = await get(`/cases/${ids.leeds}/timeline`, 404);
      const missing = await get(`/cases/${randomUUID()}/timeline`, 404);
      await get('/cases/not-a-uuid/timeline', 404);
      expect(elsewhere.body.type).toBe(missing.body.type);
      await get(`/cases/${ids.leeds}/timeline`, 200, { area: LEEDS });
    });
  });

  describe('an intervention provider', () => {
    it('sees only the cases whose interventions they deliver, without the concern or the decisions', async () => {
      const response = await get('/cases', 200, asMentor);
      expect(caseIds(response.body)).toEqual([ids.adopted]);
      const [item] = response.body.items;
      expect(item).toMatchObject({ caseId: ids.adopted, status: 'adopted', consent: 'given' });
      expect(item.interventions.map((i: { interventionId: string }) => i.interventionId)).toEqual([ids.mentoring]);
      for (const field of ['subjectId', 'concernTypes', 'sector', 'decision', 'referralId', 'review'])
        expect(item).not.toHaveProperty(field);
    });

    it('reads only their interventions on the timeline, and 404 for any other case', async () => {
      const response = await get(`/cases/${ids.adopted}/timeline`, 200, asMentor);
      expect(response.body.view).toBe('provider');
      expect(response.body.entries.map((entry: { type: string }) => entry.type)).toEqual([
        'InterventionPlanned',
        'SupportStarted',
        'InterventionSessionRecorded',
        'InterventionSessionRecorded',
      ]);
      expect(JSON.stringify(response.body)).not.toMatch(/extremist|grooming|Whitmore/);
      await get(`/cases/${ids.waiting}/timeline`, 404, asMentor);
    });

    it('sees a case named in their assigned-cases claim, and nothing else', async () => {
      const other = { sub: 'mentor-2', roles: ['intervention-provider'], area: null, assigned_cases: [ids.leeds] };
      expect(caseIds((await get('/cases', 200, other)).body)).toEqual([ids.leeds]);
      await get(`/cases/${ids.leeds}/timeline`, 200, other);
      await get(`/cases/${ids.adopted}/timeline`, 404, other);
    });
  });

  describe('rebuilding (POST /admin/read-models/rebuild)', () => {
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          ['case_list', 'case_intervention', 'post_exit_review', 'meeting_list'].map(async (table) => [
            table,
            (await database.pool.query(`SELECT * FROM channel_panel_read.${table} ORDER BY 1, 2`)).rows,
          ]),
        ),
      );

    it('is for administrators only', async () => {
      await request(running.url)
        .post('/admin/read-models/rebuild')
        .set('authorization', `Bearer ${await token({ sub: chair.id, roles: ['channel-chair'], area: BIRMINGHAM })}`)
        .expect(403);
    });

    it('empties the read models and replays the store into the same rows', async () => {
      const before = await snapshot();
      expect(before.case_list).toHaveLength(5);
      expect(before.meeting_list).toHaveLength(5);
      await database.pool.query(`UPDATE channel_panel_read.case_list SET status = 'open'`);
      await database.pool.query(`DELETE FROM channel_panel_read.case_intervention`);
      const response = await request(running.url)
        .post('/admin/read-models/rebuild')
        .set('authorization', `Bearer ${await token({ sub: 'admin-1', roles: ['admin'] })}`)
        .expect(200);
      expect(response.body.events).toBeGreaterThanOrEqual(30);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('when a person is erased (their key destroyed)', () => {
    beforeAll(async () => {
      await running.app.get(KeyStore).destroyKey(subjects.adopted, { actorId: 'dpo-1', reason: 'erasure request' });
    });

    it('shows the erased marker where their words were, codes and dates intact', async () => {
      const response = await get(`/cases/${ids.adopted}/timeline`, 200);
      const adopted = response.body.entries.find((entry: { type: string }) => entry.type === 'CaseAdopted');
      expect(adopted.why).toEqual({ $erased: true, subjectId: subjects.adopted });
      expect(adopted.data.adoptedAt).toBe('2025-03-04T14:30:00Z');
      const minutes = response.body.entries.find((entry: { type: string }) => entry.type === 'MinutesRecorded');
      expect(minutes.why).toBe('Two cases discussed; one adopted');
    });
  });
});
