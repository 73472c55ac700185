import { mkdtemp, rm, stat } from 'node:fs/promises';
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
import { SERVICE_NAME } from '../src/config/referral-intake.config.js';
import { AREA, AUDIENCE, newReferral } from './support/referral-fixtures.js';

describe('referral intake over HTTP (the app on embedded PostgreSQL)', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: RunningTestApp;
  let dataDir: string;
  let officer: string;
  let supervisor: string;
  let elsewhere: string;
  let partner: string;

  const eventCount = async () =>
    Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM referral_intake.events')).rows[0].n);
  const auditCount = async () =>
    Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM referral_intake.audit_log')).rows[0].n);

  beforeAll(async () => {
    db = await createTestDatabase('intake');
    issuer = await startTestIssuer({ audience: AUDIENCE });
    dataDir = await mkdtemp(join(tmpdir(), 'intake-'));
    app = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: db.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      PREVENT_DATA_DIR: dataDir,
    });
    officer = await issuer.sign({ sub: 'officer-1', roles: ['police-officer'], area: AREA });
    supervisor = await issuer.sign({ sub: 'supervisor-1', roles: ['police-supervisor'], area: AREA });
    elsewhere = await issuer.sign({ sub: 'officer-9', roles: ['police-officer'], area: 'E09000002' });
    partner = await issuer.sign({ sub: 'dsl-park-school', roles: ['partner-referrer'], area: AREA });
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

  it('generates the key-encryption key once, readable only by its owner', async () => {
    await post('/referrals', officer, newReferral()).expect(201);
    const info = await stat(join(dataDir, 'keys', 'personal-data.kek'));
    expect(info.mode & 0o777).toBe(0o600);
  });

  it('takes a referral through the whole gateway, each step pinned to the revision read', async () => {
    const created = await post('/referrals', officer, newReferral()).expect(201);
    const id = created.body.referralId as string;
    expect(created.headers.etag).toBe('W/"0"');
    expect(created.headers.location).toBe(`/referrals/${id}`);

    let etag = created.headers.etag as string;
    const step = async (path: string, token: string, body: object) => {
      const response = await post(`/referrals/${id}/${path}`, token, body, etag).expect(200);
      etag = response.headers.etag as string;
      return response;
    };
    await step('acknowledgement', officer, {});
    await step('assignment', supervisor, { officerId: 'officer-1' });
    await step('information-requests', officer, {
      requestId: 'school-1',
      partnerSector: 'education',
      organisation: 'Park School',
      lawfulBasis: 'uk-gdpr-6-1-e-public-task',
      request: 'Attendance and behaviour this term',
    });
    await step('information-requests/school-1/reply', officer, {
      lawfulBasis: 'uk-gdpr-9-2-g-substantial-public-interest',
      information: 'Attendance fell in March',
    });
    await step('deconfliction', officer, { result: 'clear' });
    await step('gateway-assessment', officer, {
      templateId: 'engagement-intent-capability',
      templateVersion: 1,
      answers: [
        { dimension: 'engagement', rating: 'medium', notes: 'Watches videos' },
        { dimension: 'intent', rating: 'low', notes: 'None expressed' },
        { dimension: 'capability', rating: 'none', notes: 'None' },
      ],
      summary: 'Early engagement',
    });
    await step('decision', officer, { outcome: 'referred-to-channel', channelArea: AREA, rationale: 'Needs support' });
    const signed = await step('decision/sign-off', supervisor, {});
    expect(signed.body).toEqual({ referralId: id, revision: 8 });

    const read = await request(app.url).get(`/referrals/${id}`).set('Authorization', `Bearer ${officer}`).expect(200);
    expect(read.headers.etag).toBe('W/"8"');
    expect(read.body).toMatchObject({
      status: 'decided',
      outcome: 'referred-to-channel',
      signedOff: true,
      decisions: 1,
    });
    expect(read.body.events.map((event: { type: string }) => event.type)).toEqual([
      'ReferralReceived',
      'ReferralAcknowledged',
      'ReferralAssigned',
      'InformationRequested',
      'InformationReceived',
      'DeconflictionCleared',
      'GatewayAssessmentRecorded',
      'ReferralDecided',
      'DecisionSignedOff',
    ]);
    expect(read.body.events[7].data.rationale).toBe('Needs support');

    // stored sealed: no name or free text in clear
    const { rows } = await db.pool.query<{ data: string }>('SELECT data::text AS data FROM referral_intake.events');
    expect(rows.map((row) => row.data).join()).not.toMatch(/Khan|Needs support|Park School|2008-03-04/);

    // deciding twice is a conflict
    const twice = await post(
      `/referrals/${id}/decision`,
      officer,
      { outcome: 'no-further-action', rationale: 'x' },
      etag,
    );
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ type: 'referral.already-decided', status: 409 });
  });

  it('refuses a decision before de-confliction (422) and a sign-off by the decider', async () => {
    const created = await post('/referrals', supervisor, newReferral()).expect(201);
    const id = created.body.referralId as string;
    const refused = await post(
      `/referrals/${id}/decision`,
      supervisor,
      { outcome: 'no-further-action', rationale: 'x' },
      'W/"0"',
    );
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.type).toBe('referral.deconfliction-not-clear');
  });

  it('answers bad input with 400 and its field errors, writing nothing', async () => {
    const before = await eventCount();
    const body = { ...newReferral(), sector: 'school', surprise: true, referrer: {} };
    const response = await post('/referrals', officer, body).expect(400);
    expect(response.body.type).toBe('request.invalid');
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['sector', 'surprise', 'referrer.name']));
    expect(await eventCount()).toBe(before);
  });

  it('refuses a stale If-Match with 412 and a missing one with 428, writing nothing', async () => {
    const created = await post('/referrals', officer, newReferral()).expect(201);
    const id = created.body.referralId as string;
    await post(`/referrals/${id}/acknowledgement`, officer, {}, 'W/"0"').expect(200);
    const before = await eventCount();
    const stale = await post(`/referrals/${id}/deconfliction`, officer, { result: 'clear' }, 'W/"0"').expect(412);
    expect(stale.body).toMatchObject({ type: 'referral.stale-revision', currentRevision: 1 });
    const missing = await post(`/referrals/${id}/deconfliction`, officer, { result: 'clear' }).expect(428);
    expect(missing.body.type).toBe('referral.if-match-required');
    expect(await eventCount()).toBe(before);
  });

  it('answers 404 for an unknown referral and for another area’s', async () => {
    const created = await post('/referrals', officer, newReferral()).expect(201);
    const unknown = await request(app.url)
      .get('/referrals/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${officer}`)
      .expect(404);
    expect(unknown.body.type).toBe('referral.not-found');
    const hidden = await request(app.url)
      .get(`/referrals/${created.body.referralId}`)
      .set('Authorization', `Bearer ${elsewhere}`)
      .expect(404);
    expect(hidden.body).toMatchObject({ type: 'referral.not-found', status: 404 });
    await post(`/referrals/${created.body.referralId}/acknowledgement`, elsewhere, {}, 'W/"0"').expect(404);
  });

  it('returns the first referral to a retried POST with the same Idempotency-Key, and refuses a different body', async () => {
    const key = 'retry-key-0001';
    const first = await post('/referrals', officer, newReferral()).set('Idempotency-Key', key).expect(201);
    const before = await eventCount();
    const again = await post('/referrals', officer, newReferral()).set('Idempotency-Key', key).expect(200);
    expect(again.body.referralId).toBe(first.body.referralId);
    expect(await eventCount()).toBe(before);
    const other = await post('/referrals', officer, newReferral('Muhammad')).set('Idempotency-Key', key).expect(422);
    expect(other.body.type).toBe('referral.idempotency-key-reused');
  });

  it('audits every read of a referral before answering', async () => {
    const created = await post('/referrals', officer, newReferral()).expect(201);
    const before = await auditCount();
    await request(app.url)
      .get(`/referrals/${created.body.referralId}`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    expect(await auditCount()).toBe(before + 1);
    const { rows } = await db.pool.query(
      'SELECT actor_subject, action, record_id, person FROM referral_intake.audit_log ORDER BY id DESC LIMIT 1',
    );
    expect(rows[0]).toMatchObject({
      action: 'referral:read',
      record_id: created.body.referralId,
      person: created.body.subjectId,
    });
  });

  describe('a partner referrer (ADR 033)', () => {
    it('submits a referral and gets an acknowledgement with a reference, nothing personal', async () => {
      const submitted = await post('/referrals/partner-submissions', partner, newReferral()).expect(201);
      expect(Object.keys(submitted.body).sort()).toEqual(['receivedAt', 'reference']);
      expect(submitted.body.reference).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(submitted.body.receivedAt))).toBe(false);
      expect(submitted.headers.location).toBeUndefined();
      expect(submitted.headers.etag ?? '').not.toMatch(/^W\/"\d+"$/); // no revision: nothing to pin a read to
      expect(JSON.stringify(submitted.body)).not.toMatch(/Khan|Mohammed|2008-03-04|Park School/);

      // the police see it in their queue, received through the form, submitted in the partner's role
      const read = await request(app.url)
        .get(`/referrals/${submitted.body.reference}`)
        .set('Authorization', `Bearer ${officer}`)
        .expect(200);
      expect(read.body.events[0].data.receivedVia).toBe('partner-form');
      expect(read.body.events[0].actor).toEqual({ id: 'dsl-park-school', role: 'partner-referrer' });
    });

    it('cannot read what it submitted, the queue, the history or the subject (403)', async () => {
      const submitted = await post('/referrals/partner-submissions', partner, newReferral()).expect(201);
      const id = submitted.body.reference as string;
      const before = await auditCount();
      for (const path of [`/referrals/${id}`, '/referrals', `/referrals/${id}/history`]) {
        const refused = await request(app.url).get(path).set('Authorization', `Bearer ${partner}`).expect(403);
        expect(refused.body.type).toBe('auth.action-not-allowed');
      }
      await post(`/referrals/${id}/withdrawal`, partner, { reason: 'duplicate', explanation: 'x' }, 'W/"0"').expect(
        403,
      );
      expect(await auditCount()).toBe(before);
    });

    it('cannot submit about a person of another area: 403, nothing written', async () => {
      const before = await eventCount();
      const elsewhereReferral = newReferral();
      elsewhereReferral.subject.area = 'E09000030';
      const refused = await post('/referrals/partner-submissions', partner, elsewhereReferral).expect(403);
      expect(refused.body).toMatchObject({ type: 'referral.partner-area-outside-reach', status: 403 });
      expect(await eventCount()).toBe(before);
    });

    it('gets the first acknowledgement again for a retry with the same Idempotency-Key', async () => {
      const key = 'partner-key-0001';
      const first = await post('/referrals/partner-submissions', partner, newReferral())
        .set('Idempotency-Key', key)
        .expect(201);
      const again = await post('/referrals/partner-submissions', partner, newReferral())
        .set('Idempotency-Key', key)
        .expect(200);
      expect(again.body).toEqual(first.body);
    });

    it('is the form’s only user: the police key referrals in at POST /referrals', async () => {
      const refused = await post('/referrals/partner-submissions', officer, newReferral()).expect(403);
      expect(refused.body.type).toBe('auth.action-not-allowed');
      await post('/referrals', partner, newReferral()).expect(403);
    });

    it('submits a referral the police can withdraw with a reason', async () => {
      const submitted = await post('/referrals/partner-submissions', partner, newReferral()).expect(201);
      const id = submitted.body.reference as string;
      await post(
        `/referrals/${id}/withdrawal`,
        officer,
        { reason: 'duplicate', explanation: 'Sent twice' },
        'W/"0"',
      ).expect(200);
      const read = await request(app.url).get(`/referrals/${id}`).set('Authorization', `Bearer ${officer}`).expect(200);
      expect(read.body.status).toBe('withdrawn');
    });
  });
});
