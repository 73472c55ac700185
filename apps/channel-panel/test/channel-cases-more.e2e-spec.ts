import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createTestDatabase,
  startTestApp,
  startTestIssuer,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module.js';
import { SERVICE_NAME } from '../src/config/channel-panel.config.js';

const AUDIENCE = 'urn:prevent:api';
const AREA = 'E09000002';
const OTHER_AREA = 'E08000025';

/** An adult on every date used here (born 2000-01-10). */
const newCase = (overrides: object = {}) => ({
  name: { givenNames: 'Sam', familyName: 'Example' },
  dateOfBirth: '2000-01-10',
  gender: 'male',
  area: AREA,
  region: 'E12000007',
  sector: 'education',
  concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
  concern: 'Shares extreme material online',
  ...overrides,
});

const ANSWERS = ['engagement', 'intent', 'capability'].map((dimension) => ({
  dimension,
  rating: 'medium',
  notes: 'n',
}));

describe('channel panel write routes over HTTP: meetings, transfer, reviews, reassessment, return, exits', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: RunningTestApp;
  let dataDir: string;
  let coordinator: string;
  let chair: string;
  let otherCoordinator: string;

  beforeAll(async () => {
    db = await createTestDatabase('panel_more');
    issuer = await startTestIssuer({ audience: AUDIENCE });
    dataDir = await mkdtemp(join(tmpdir(), 'panel-more-'));
    app = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: db.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      PREVENT_DATA_DIR: dataDir,
    });
    coordinator = await issuer.sign({ sub: 'coordinator-1', roles: ['channel-coordinator'], area: AREA });
    chair = await issuer.sign({ sub: 'chair-1', roles: ['channel-chair'], area: AREA });
    otherCoordinator = await issuer.sign({ sub: 'coordinator-9', roles: ['channel-coordinator'], area: OTHER_AREA });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (path: string, token: string, body: object, etag?: string) => {
    const call = request(app.url).post(path).set('Authorization', `Bearer ${token}`).send(body);
    return etag ? call.set('If-Match', etag) : call;
  };
  const get = (path: string, token: string) => request(app.url).get(path).set('Authorization', `Bearer ${token}`);
  const eventTypes = async (id: string) =>
    ((await get(`/cases/${id}`, coordinator).expect(200)).body.events as { type: string }[]).map((e) => e.type);

  async function scheduleMeeting(date = '2025-04-15T14:00:00Z'): Promise<string> {
    return (await post('/meetings', coordinator, { area: AREA, meetingDate: date }).expect(201)).body.id as string;
  }

  async function holdMeeting(meetingId: string, quorate = true): Promise<string> {
    const read = await get(`/meetings/${meetingId}`, coordinator).expect(200);
    const attendees = [
      { agency: 'local-authority', role: 'chair', userId: 'chair-1' },
      ...(quorate ? [{ agency: 'police', role: 'member', userId: 'police-1' }] : []),
    ];
    const held = await post(
      `/meetings/${meetingId}/attendance`,
      coordinator,
      { attendees },
      read.headers.etag as string,
    );
    expect(held.status).toBe(200);
    return held.headers.etag as string;
  }

  /** A case opened, listed at a quorate meeting and decided there; answers its id, meeting and ETag. */
  async function caseAtPanel(decision: object = { decision: 'adopt' }) {
    const opened = await post('/cases', coordinator, newCase()).expect(201);
    const id = opened.body.id as string;
    const meetingId = await scheduleMeeting();
    const listed = await post(
      `/cases/${id}/listings`,
      coordinator,
      { meetingId },
      opened.headers.etag as string,
    ).expect(200);
    await holdMeeting(meetingId);
    const decided = await post(
      `/cases/${id}/decision`,
      chair,
      { meetingId, rationale: 'Proportionate', ...decision },
      listed.headers.etag as string,
    ).expect(200);
    return { id, meetingId, etag: decided.headers.etag as string };
  }

  async function consented(id: string, etag: string): Promise<string> {
    const consent = { outcome: 'given', givenBy: 'subject', consentedOn: '2025-04-20', method: 'in-person' };
    return (await post(`/cases/${id}/consent`, coordinator, consent, etag).expect(200)).headers.etag as string;
  }

  describe('meetings', () => {
    it('records minutes of a held meeting, and refuses them before it is held or with a stale ETag', async () => {
      const meetingId = await scheduleMeeting();
      const scheduled = await get(`/meetings/${meetingId}`, coordinator).expect(200);
      const early = await post(
        `/meetings/${meetingId}/minutes`,
        coordinator,
        { minutes: 'Too soon' },
        scheduled.headers.etag as string,
      ).expect(422);
      expect(early.body.type).toContain('panel-meeting.not-held');
      const heldEtag = await holdMeeting(meetingId);
      await post(
        `/meetings/${meetingId}/minutes`,
        coordinator,
        { minutes: 'x' },
        scheduled.headers.etag as string,
      ).expect(412);
      const minuted = await post(
        `/meetings/${meetingId}/minutes`,
        coordinator,
        { minutes: 'Discussed' },
        heldEtag,
      ).expect(200);
      expect(minuted.headers.etag).not.toBe(heldEtag);
      await post(`/meetings/${meetingId}/minutes`, coordinator, {}, minuted.headers.etag as string).expect(400);
      await post(
        `/meetings/${meetingId}/minutes`,
        otherCoordinator,
        { minutes: 'x' },
        minuted.headers.etag as string,
      ).expect(404);
    });

    it('cancels a scheduled meeting, then refuses a listing at it; a held meeting cannot be cancelled', async () => {
      const meetingId = await scheduleMeeting();
      const read = await get(`/meetings/${meetingId}`, coordinator).expect(200);
      await post(
        `/meetings/${meetingId}/cancellation`,
        coordinator,
        { reason: 'Not A Code' },
        read.headers.etag as string,
      ).expect(400);
      await post(
        `/meetings/${meetingId}/cancellation`,
        coordinator,
        { reason: 'chair-unavailable' },
        read.headers.etag as string,
      ).expect(200);
      expect((await get(`/meetings/${meetingId}`, coordinator).expect(200)).body.status).toBe('cancelled');
      const opened = await post('/cases', coordinator, newCase()).expect(201);
      const listing = await post(
        `/cases/${opened.body.id as string}/listings`,
        coordinator,
        { meetingId },
        opened.headers.etag as string,
      );
      expect(listing.status).toBeGreaterThanOrEqual(409);
      expect(listing.body.type).toContain('cancelled');

      const held = await scheduleMeeting();
      const heldEtag = await holdMeeting(held);
      const refused = await post(
        `/meetings/${held}/cancellation`,
        coordinator,
        { reason: 'chair-unavailable' },
        heldEtag,
      ).expect(409);
      expect(refused.body.type).toContain('panel-meeting.already-held');
    });
  });

  it('transfers a case to another area: the new area’s coordinator sees it, the old area’s does not', async () => {
    const opened = await post('/cases', coordinator, newCase()).expect(201);
    const id = opened.body.id as string;
    const etag = opened.headers.etag as string;
    const transfer = { toArea: OTHER_AREA, toRegion: 'E12000002', reason: 'Moved to Manchester' };
    const same = await post(`/cases/${id}/transfer`, coordinator, { ...transfer, toArea: AREA }, etag).expect(422);
    expect(same.body.type).toContain('channel-case.transfer-to-same-area');
    await post(`/cases/${id}/transfer`, coordinator, { ...transfer, toArea: 'nowhere' }, etag).expect(400);
    await post(`/cases/${id}/transfer`, coordinator, transfer, etag).expect(200);
    await get(`/cases/${id}`, coordinator).expect(404);
    const seen = await get(`/cases/${id}`, otherCoordinator).expect(200);
    expect(seen.body.area).toBe(OTHER_AREA);
    expect((seen.body.events as { type: string }[]).map((e) => e.type)).toEqual(['CaseOpened', 'CaseTransferred']);
    expect(seen.body.events[1].data.reason).toBe('Moved to Manchester');
  });

  it('reviews an adopted case at a quorate meeting, and refuses a review of a case not adopted', async () => {
    const { id, meetingId, etag } = await caseAtPanel();
    const review = { meetingId, progress: 'Engaging', riskNow: 'reduced', decision: 'continue-support' };
    await post(`/cases/${id}/reviews`, coordinator, review, etag).expect(403);
    await post(`/cases/${id}/reviews`, chair, { ...review, riskNow: 'gone' }, etag).expect(400);
    const reviewed = await post(`/cases/${id}/reviews`, chair, review, etag).expect(200);
    const read = await get(`/cases/${id}`, coordinator).expect(200);
    expect(read.headers.etag).toBe(reviewed.headers.etag);
    expect(read.body.events.at(-1)).toMatchObject({
      type: 'CaseReviewed',
      data: { reviewNumber: 1, riskNow: 'reduced', decision: 'continue-support', progress: 'Engaging' },
    });

    const open = await post('/cases', coordinator, newCase()).expect(201);
    const refused = await post(`/cases/${open.body.id as string}/reviews`, chair, review, open.headers.etag as string);
    expect(refused.status).toBe(422);
  });

  it('records a second assessment with what changed, a summary and a management plan, and refuses one without', async () => {
    const { id, meetingId, etag } = await caseAtPanel({ decision: 'defer' });
    const first = await post(
      `/cases/${id}/assessments`,
      coordinator,
      { templateId: 'engagement-intent-capability', meetingId, answers: ANSWERS, summaryConclusion: 'First view' },
      etag,
    ).expect(200);
    const second = {
      templateId: 'engagement-intent-capability',
      answers: ANSWERS,
      summaryConclusion: 'Lower risk now',
    };
    const missing = await post(`/cases/${id}/assessments`, coordinator, second, first.headers.etag as string).expect(
      422,
    );
    expect(missing.body.type).toContain('channel-case.assessment-changes-required');
    await post(
      `/cases/${id}/assessments`,
      coordinator,
      { ...second, whatChanged: 'School reports calmer', managementPlan: 'Monthly check-in' },
      first.headers.etag as string,
    ).expect(200);
    const read = await get(`/cases/${id}`, coordinator).expect(200);
    expect(read.body.events.at(-1)).toMatchObject({
      type: 'CaseAssessed',
      data: {
        assessmentNumber: 2,
        whatChanged: 'School reports calmer',
        summaryConclusion: 'Lower risk now',
        managementPlan: 'Monthly check-in',
      },
    });
  });

  it('returns an adopted case to the police on escalated risk, stopping support; then refuses more', async () => {
    const { id, etag } = await caseAtPanel();
    let current = await consented(id, etag);
    current = (
      await post(
        `/cases/${id}/interventions`,
        coordinator,
        {
          interventionId: 'mentoring',
          interventionType: 'ideological-mentoring',
          ownerAgency: 'intervention-provider',
          providerId: 'provider-1',
          startDate: '2025-05-01',
          description: 'Weekly mentoring',
        },
        current,
      ).expect(200)
    ).headers.etag as string;
    await post(`/cases/${id}/return-to-police`, coordinator, { riskView: 'x' }, current).expect(403);
    await post(`/cases/${id}/return-to-police`, chair, {}, current).expect(400);
    const returned = await post(`/cases/${id}/return-to-police`, chair, { riskView: 'Risk escalated' }, current).expect(
      200,
    );
    const read = await get(`/cases/${id}`, coordinator).expect(200);
    expect(read.body.status).toBe('with-police');
    expect((read.body.events as { type: string }[]).slice(-2).map((e) => e.type)).toEqual([
      'SupportStopped',
      'CaseReturnedToPolice',
    ]);
    expect(read.body.events.at(-1).data).toMatchObject({ reason: 'risk-escalated', riskView: 'Risk escalated' });
    const again = await post(
      `/cases/${id}/return-to-police`,
      chair,
      { riskView: 'Again' },
      returned.headers.etag as string,
    ).expect(409);
    expect(again.body.type).toContain('channel-case.with-police');
  });

  it('records each post-exit review once, and none before exit', async () => {
    const { id, etag } = await caseAtPanel();
    const current = await consented(id, etag);
    const review = { review: '6-months', outcome: 'no-further-concerns', notes: 'Settled' };
    const early = await post(`/cases/${id}/post-exit-reviews`, coordinator, review, current).expect(422);
    expect(early.body.type).toContain('channel-case.not-closed');
    const exited = await post(
      `/cases/${id}/exit`,
      chair,
      { exitOutcome: 'no-further-terrorism-concerns', exitedOn: '2025-08-31', closingReport: 'Done' },
      current,
    ).expect(200);
    await post(
      `/cases/${id}/post-exit-reviews`,
      coordinator,
      { ...review, review: '3-months' },
      exited.headers.etag as string,
    ).expect(400);
    const recorded = await post(
      `/cases/${id}/post-exit-reviews`,
      coordinator,
      review,
      exited.headers.etag as string,
    ).expect(200);
    const twice = await post(
      `/cases/${id}/post-exit-reviews`,
      coordinator,
      review,
      recorded.headers.etag as string,
    ).expect(409);
    expect(twice.body.type).toContain('channel-case.post-exit-review-recorded');
    const read = await get(`/cases/${id}`, coordinator).expect(200);
    expect(read.body.postExitReviews).toEqual([
      { review: '6-months', dueOn: '2026-02-28', completed: true },
      { review: '12-months', dueOn: '2026-08-31', completed: false },
    ]);
  });

  it('exits a case whose consent was withdrawn as “consent withdrawn”, with both post-exit reviews scheduled', async () => {
    const { id, etag } = await caseAtPanel();
    let current = await consented(id, etag);
    const withdrawal = { outcome: 'withdrawn', givenBy: 'subject', consentedOn: '2025-06-01', method: 'by-phone' };
    current = (await post(`/cases/${id}/consent`, coordinator, withdrawal, current).expect(200)).headers.etag as string;
    const exit = { exitOutcome: 'consent-withdrawn', exitedOn: '2025-06-02', closingReport: 'Withdrew' };
    const other = await post(`/cases/${id}/exit`, chair, { ...exit, exitOutcome: 'other' }, current).expect(409);
    expect(other.body.type).toContain('channel-case.with-police');
    await post(`/cases/${id}/exit`, chair, exit, current).expect(200);
    const read = await get(`/cases/${id}`, coordinator).expect(200);
    expect(read.body.status).toBe('closed');
    expect(read.body.postExitReviews).toEqual([
      { review: '6-months', dueOn: '2025-12-02', completed: false },
      { review: '12-months', dueOn: '2026-06-02', completed: false },
    ]);
    expect((await eventTypes(id)).slice(-3)).toEqual(['ConsentRecorded', 'CaseReturnedToPolice', 'CaseClosed']);
  });

  describe('correcting the person’s details', () => {
    it('gives a case a corrected date of birth, sealed, which the consent rule then uses', async () => {
      const { id, etag } = await caseAtPanel();
      const corrected = await post(
        `/cases/${id}/personal-details`,
        coordinator,
        { dateOfBirth: '2010-01-10', reason: 'Birth certificate seen' },
        etag,
      ).expect(200);
      const stored = await db.pool.query<{ data: { corrected: { dateOfBirth: unknown } } }>(
        `SELECT data FROM channel_panel.events WHERE stream_id = $1 AND type = 'PersonalDetailsCorrected'`,
        [`channel-case-${id}`],
      );
      expect(JSON.stringify(stored.rows[0].data)).not.toContain('2010-01-10');
      expect(stored.rows[0].data.corrected.dateOfBirth).toHaveProperty('$pd');
      const read = await get(`/cases/${id}`, coordinator).expect(200);
      expect(read.body.events.at(-1)).toMatchObject({
        type: 'PersonalDetailsCorrected',
        data: { corrected: { dateOfBirth: '2010-01-10' }, reason: 'Birth certificate seen' },
      });
      const alone = await post(
        `/cases/${id}/consent`,
        coordinator,
        { outcome: 'given', givenBy: 'subject', consentedOn: '2025-04-20', method: 'in-person' },
        corrected.headers.etag as string,
      ).expect(422);
      expect(alone.body.type).toContain('channel-case.consent-needs-parent-or-guardian');
    });

    it('refuses an empty correction, a bad date, a stale or missing If-Match, and another area', async () => {
      const opened = await post('/cases', coordinator, newCase()).expect(201);
      const id = opened.body.id as string;
      const etag = opened.headers.etag as string;
      const empty = await post(`/cases/${id}/personal-details`, coordinator, { reason: 'Nothing' }, etag).expect(422);
      expect(empty.body.type).toContain('channel-case.nothing-to-correct');
      await post(`/cases/${id}/personal-details`, coordinator, { dateOfBirth: '10/01/2010', reason: 'r' }, etag).expect(
        400,
      );
      await post(`/cases/${id}/personal-details`, coordinator, { dateOfBirth: '2010-01-10', reason: 'r' }).expect(428);
      await post(
        `/cases/${id}/personal-details`,
        coordinator,
        { dateOfBirth: '2010-01-10', reason: 'r' },
        'W/"7"',
      ).expect(412);
      await post(
        `/cases/${id}/personal-details`,
        otherCoordinator,
        { dateOfBirth: '2010-01-10', reason: 'r' },
        etag,
      ).expect(404);
      expect(await eventTypes(id)).toEqual(['CaseOpened']);
    });
  });
});
