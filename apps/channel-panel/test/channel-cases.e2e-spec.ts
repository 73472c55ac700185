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

/** A 15-year-old on 2025-04-20 (born 2010-01-10). */
const newCase = (overrides: object = {}) => ({
  name: { givenNames: 'Sam', familyName: 'Example' },
  dateOfBirth: '2010-01-10',
  gender: 'male',
  area: AREA,
  region: 'E12000007',
  sector: 'education',
  concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
  concern: 'Shares extreme material at school',
  ...overrides,
});

describe('channel panel cases over HTTP (the app on embedded PostgreSQL)', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: RunningTestApp;
  let dataDir: string;
  let coordinator: string;
  let chair: string;
  let elsewhere: string;
  let provider: string;
  let otherProvider: string;

  const eventCount = async () =>
    Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM channel_panel.events')).rows[0].n);

  beforeAll(async () => {
    db = await createTestDatabase('panel');
    issuer = await startTestIssuer({ audience: AUDIENCE });
    dataDir = await mkdtemp(join(tmpdir(), 'panel-'));
    app = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: db.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      PREVENT_DATA_DIR: dataDir,
    });
    coordinator = await issuer.sign({ sub: 'coordinator-1', roles: ['channel-coordinator'], area: AREA });
    chair = await issuer.sign({ sub: 'chair-1', roles: ['channel-chair'], area: AREA });
    elsewhere = await issuer.sign({ sub: 'coordinator-9', roles: ['channel-coordinator'], area: OTHER_AREA });
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

  /** A quorate meeting of the area with the case listed; answers the meeting id and the case's ETag. */
  async function listedAtQuorateMeeting(caseId: string, caseEtag: string, quorate = true) {
    const meeting = await post('/meetings', coordinator, { area: AREA, meetingDate: '2025-04-15T14:00:00Z' }).expect(
      201,
    );
    const meetingId = meeting.body.id as string;
    const listed = await post(`/cases/${caseId}/listings`, coordinator, { meetingId }, caseEtag).expect(200);
    const attendees = [
      { agency: 'local-authority', role: 'chair', userId: 'chair-1' },
      ...(quorate ? [{ agency: 'police', role: 'member', userId: 'police-1' }] : []),
      { agency: 'education', role: 'member' },
    ];
    const agenda = await get(`/meetings/${meetingId}`, coordinator).expect(200);
    expect(agenda.body.agenda).toEqual([caseId]);
    await post(`/meetings/${meetingId}/attendance`, coordinator, { attendees }, agenda.headers.etag as string).expect(
      200,
    );
    return { meetingId, etag: listed.headers.etag as string };
  }

  async function openCase(): Promise<{ id: string; etag: string }> {
    const created = await post('/cases', coordinator, newCase()).expect(201);
    return { id: created.body.id as string, etag: created.headers.etag as string };
  }

  it('takes a case from opening to adoption, consent, support, exit and both post-exit reviews', async () => {
    const opened = await openCase();
    const id = opened.id;
    expect(opened.etag).toBe('W/"0"');
    const { meetingId, etag: listedEtag } = await listedAtQuorateMeeting(id, opened.etag);
    let etag = listedEtag;
    const step = async (path: string, token: string, body: object) => {
      const response = await post(`/cases/${id}/${path}`, token, body, etag).expect(200);
      etag = response.headers.etag as string;
      return response;
    };
    await step('information-requests', coordinator, {
      requestId: 'req-1',
      partnerAgency: 'education',
      organisation: 'Park School',
      lawfulBasis: 'uk-gdpr-6-1-e-public-task',
      request: 'Attendance and behaviour',
    });
    await step('information-requests/req-1/answer', coordinator, {
      lawfulBasis: 'uk-gdpr-6-1-e-public-task',
      information: 'Attendance 80%',
    });
    await step('assessments', coordinator, {
      templateId: 'engagement-intent-capability',
      meetingId,
      answers: ['engagement', 'intent', 'capability'].map((dimension) => ({
        dimension,
        rating: 'medium',
        notes: 'seen',
      })),
      summaryConclusion: 'Vulnerable, support proportionate',
    });
    await step('decision', chair, {
      meetingId,
      decision: 'adopt',
      rationale: 'Support is necessary and proportionate',
    });
    await step('consent', coordinator, {
      outcome: 'given',
      givenBy: 'parent-or-guardian',
      consenterName: 'Alex Example',
      consenterRelationship: 'mother',
      consentedOn: '2025-04-20',
      method: 'in-person',
    });
    await step('interventions', coordinator, {
      interventionId: 'mentoring',
      interventionType: 'ideological-mentoring',
      ownerAgency: 'intervention-provider',
      providerId: 'provider-1',
      startDate: '2025-05-01',
      description: 'Weekly mentoring',
    });
    await step('interventions/mentoring/status', coordinator, { status: 'active' });

    provider = await issuer.sign({ sub: 'provider-1', roles: ['intervention-provider'], assigned_cases: [id] });
    otherProvider = await issuer.sign({ sub: 'provider-2', roles: ['intervention-provider'], assigned_cases: [id] });
    const session = { sessionId: 's-1', sessionDate: '2025-05-08', attendance: 'attended', notes: 'Engaged well' };
    await post(`/cases/${id}/interventions/mentoring/sessions`, otherProvider, session, etag).expect(404);
    await step('interventions/mentoring/sessions', provider, session);
    // a provider named on the intervention reaches the case without an assigned_cases claim (the
    // embedded identity provider issues none): a narrowed read, and sessions on their intervention
    const named = await issuer.sign({ sub: 'provider-1', roles: ['intervention-provider'] });
    const narrowed = await get(`/cases/${id}`, named).expect(200);
    expect(narrowed.body.view).toBe('intervention-provider');
    expect(narrowed.body.subjectId).toBeUndefined();
    expect(narrowed.body.consent).toBeUndefined();
    expect((narrowed.body.events as { type: string }[]).map((event) => event.type)).toEqual([
      'InterventionPlanned',
      'InterventionStatusChanged',
      'InterventionSessionRecorded',
    ]);
    expect(JSON.stringify(narrowed.body)).not.toContain('Example');
    await step('interventions/mentoring/sessions', named, { ...session, sessionId: 's-2', notes: 'Second session' });
    const stranger = await issuer.sign({ sub: 'provider-3', roles: ['intervention-provider'] });
    await get(`/cases/${id}`, stranger).expect(404);
    await post(`/cases/${id}/interventions/mentoring/sessions`, stranger, session, etag).expect(404);
    await step('exit', chair, {
      exitOutcome: 'no-further-terrorism-concerns',
      exitedOn: '2025-11-30',
      closingReport: 'Completed mentoring',
    });
    await step('post-exit-reviews', coordinator, { review: '6-months', outcome: 'no-further-concerns', notes: 'Fine' });
    await step('post-exit-reviews', coordinator, {
      review: '12-months',
      outcome: 'no-further-concerns',
      notes: 'Fine',
    });

    const read = await get(`/cases/${id}`, coordinator).expect(200);
    expect(read.headers.etag).toBe(etag);
    expect(read.body.status).toBe('closed');
    expect(read.body.postExitReviews).toEqual([
      { review: '6-months', dueOn: '2026-05-30', completed: true },
      { review: '12-months', dueOn: '2026-11-30', completed: true },
    ]);
    const types = (read.body.events as { type: string }[]).map((event) => event.type);
    expect(types).toEqual([
      'CaseOpened',
      'CaseListedForMeeting',
      'InformationRequested',
      'InformationReceived',
      'CaseAssessed',
      'CaseDiscussedAtPanel',
      'CaseAdopted',
      'ConsentRecorded',
      'InterventionPlanned',
      'InterventionStatusChanged',
      'SupportStarted',
      'InterventionSessionRecorded',
      'InterventionSessionRecorded',
      'CaseClosed',
      'PostExitReviewCompleted',
      'PostExitReviewCompleted',
    ]);
    expect(read.body.events[0].data.personalDetails.name).toEqual({ givenNames: 'Sam', familyName: 'Example' });
    const audited = await db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM channel_panel.audit_log WHERE record_type = 'case' AND record_id = $1 AND person = $2`,
      [id, read.body.subjectId],
    );
    // the provider's narrowed read and the coordinator's read: each audited
    expect(Number(audited.rows[0].n)).toBe(2);
  });

  it('refuses a 15-year-old consenting alone, and consent before adoption', async () => {
    const { id, etag } = await openCase();
    const consent = { outcome: 'given', givenBy: 'subject', consentedOn: '2025-04-20', method: 'in-person' };
    const before = await post(`/cases/${id}/consent`, coordinator, consent, etag).expect(422);
    expect(before.body.type).toContain('channel-case.not-adopted');
    const { meetingId, etag: listed } = await listedAtQuorateMeeting(id, etag);
    const adopted = await post(
      `/cases/${id}/decision`,
      chair,
      { meetingId, decision: 'adopt', rationale: 'r' },
      listed,
    ).expect(200);
    const alone = await post(`/cases/${id}/consent`, coordinator, consent, adopted.headers.etag as string).expect(422);
    expect(alone.body.type).toContain('channel-case.consent-needs-parent-or-guardian');
  });

  it('refuses a decision at a meeting without quorum, and the exit of a case never adopted', async () => {
    const { id, etag } = await openCase();
    const { meetingId, etag: listed } = await listedAtQuorateMeeting(id, etag, false);
    const decision = await post(
      `/cases/${id}/decision`,
      chair,
      { meetingId, decision: 'adopt', rationale: 'r' },
      listed,
    ).expect(422);
    expect(decision.body.type).toContain('channel-case.meeting-not-quorate');
    const exit = await post(
      `/cases/${id}/exit`,
      chair,
      { exitOutcome: 'other', exitedOn: '2025-05-01', closingReport: 'x' },
      listed,
    ).expect(422);
    expect(exit.body.type).toContain('channel-case.not-adopted');
  });

  it('returns the case to the police when consent is withdrawn', async () => {
    const { id, etag } = await openCase();
    const { meetingId, etag: listed } = await listedAtQuorateMeeting(id, etag);
    let current = (
      await post(`/cases/${id}/decision`, chair, { meetingId, decision: 'adopt', rationale: 'r' }, listed).expect(200)
    ).headers.etag as string;
    const consent = {
      givenBy: 'parent-or-guardian',
      consenterName: 'A',
      consentedOn: '2025-04-20',
      method: 'in-person',
    };
    current = (await post(`/cases/${id}/consent`, coordinator, { ...consent, outcome: 'given' }, current).expect(200))
      .headers.etag as string;
    await post(
      `/cases/${id}/consent`,
      coordinator,
      { ...consent, outcome: 'withdrawn', riskView: 'Risk remains' },
      current,
    ).expect(200);
    const read = await get(`/cases/${id}`, coordinator).expect(200);
    expect(read.body.status).toBe('with-police');
    expect((read.body.events as { type: string; data: { reason?: string } }[]).at(-1)).toMatchObject({
      type: 'CaseReturnedToPolice',
      data: { reason: 'consent-withdrawn' },
    });
  });

  it('answers bad input with 400 and writes nothing', async () => {
    const before = await eventCount();
    const response = await post('/cases', coordinator, newCase({ area: 'nowhere', dateOfBirth: 'yesterday' })).expect(
      400,
    );
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await eventCount()).toBe(before);
  });

  it('refuses a stale If-Match with 412 and a missing one with 428, writing nothing', async () => {
    const { id } = await openCase();
    const transfer = { toArea: OTHER_AREA, toRegion: 'E12000005', reason: 'Moved' };
    await post(
      `/cases/${id}/information-requests`,
      coordinator,
      {
        requestId: 'r',
        partnerAgency: 'health',
        organisation: 'GP',
        lawfulBasis: 'uk-gdpr-6-1-e-public-task',
        request: 'q',
      },
      'W/"0"',
    ).expect(200);
    const before = await eventCount();
    await post(`/cases/${id}/transfer`, coordinator, transfer, 'W/"0"').expect(412);
    await post(`/cases/${id}/transfer`, coordinator, transfer).expect(428);
    expect(await eventCount()).toBe(before);
  });

  it('answers 404 for an unknown case, another area’s case and a provider’s unassigned case', async () => {
    const { id } = await openCase();
    await get('/cases/00000000-0000-4000-8000-000000000000', coordinator).expect(404);
    await get(`/cases/${id}`, elsewhere).expect(404);
    await post(
      `/cases/${id}/transfer`,
      elsewhere,
      { toArea: AREA, toRegion: 'E12000007', reason: 'x' },
      'W/"0"',
    ).expect(404);
    const unassigned = await issuer.sign({ sub: 'provider-1', roles: ['intervention-provider'], assigned_cases: [] });
    await post(
      `/cases/${id}/interventions/mentoring/sessions`,
      unassigned,
      { sessionId: 's', sessionDate: '2025-05-08', attendance: 'attended', notes: 'n' },
      'W/"0"',
    ).expect(404);
  });

  it('opens one case for a retried POST with the same Idempotency-Key, and refuses the key with another body', async () => {
    const first = await post('/cases', coordinator, newCase()).set('Idempotency-Key', 'open-case-0001').expect(201);
    const again = await post('/cases', coordinator, newCase()).set('Idempotency-Key', 'open-case-0001').expect(200);
    expect(again.body.id).toBe(first.body.id);
    await post('/cases', coordinator, newCase({ concern: 'other' }))
      .set('Idempotency-Key', 'open-case-0001')
      .expect(422);
    const meeting = { area: AREA, meetingDate: '2025-05-15T14:00:00Z' };
    const m1 = await post('/meetings', coordinator, meeting).set('Idempotency-Key', 'meeting-0001').expect(201);
    const m2 = await post('/meetings', coordinator, meeting).set('Idempotency-Key', 'meeting-0001').expect(200);
    expect(m2.body.id).toBe(m1.body.id);
    await post('/meetings', coordinator, { ...meeting, area: OTHER_AREA }).expect(403);
  });
});
