import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  createTestDatabase,
  startTestApp,
  startTestIssuer,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import { AppModule } from '../src/app.module.js';
import { SERVICE_NAME } from '../src/config/referral-intake.config.js';
import { AREA, AUDIENCE, newReferral } from './support/referral-fixtures.js';

describe('a subject’s record over HTTP: read (audited) and corrected with a reason', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: RunningTestApp;
  let dataDir: string;
  let officer: string;
  let elsewhere: string;
  let subjectId: string;

  const subjectEvents = async () =>
    (
      await db.pool.query<{ type: string; data: unknown }>(
        `SELECT type, data FROM referral_intake.events WHERE stream_id = $1 ORDER BY revision`,
        [`subject-${subjectId}`],
      )
    ).rows;
  const auditedReadsOf = async (id: string) =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM referral_intake.audit_log WHERE record_type = 'subject' AND record_id = $1`,
          [id],
        )
      ).rows[0].n,
    );

  beforeAll(async () => {
    db = await createTestDatabase('subj');
    issuer = await startTestIssuer({ audience: AUDIENCE });
    dataDir = await mkdtemp(join(tmpdir(), 'intake-subj-'));
    app = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: db.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      PREVENT_DATA_DIR: dataDir,
    });
    officer = await issuer.sign({ sub: 'officer-1', roles: ['police-officer'], area: AREA });
    elsewhere = await issuer.sign({ sub: 'officer-9', roles: ['police-officer'], area: 'E09000002' });
    const created = await request(app.url)
      .post('/referrals')
      .set('Authorization', `Bearer ${officer}`)
      .send(newReferral())
      .expect(201);
    subjectId = created.body.subjectId;
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads the subject with its revision as the ETag, and audits the read', async () => {
    const before = await auditedReadsOf(subjectId);
    const response = await request(app.url)
      .get(`/subjects/${subjectId}`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    expect(response.headers.etag).toBe('W/"0"');
    expect(response.body.details.name).toEqual({ givenNames: 'Mohammed', familyName: 'Khan' });
    expect(response.body.details.dateOfBirth).toBe('2008-03-04');
    expect(await auditedReadsOf(subjectId)).toBe(before + 1);
  });

  it('corrects the name with a reason, sealed in the event, and the next read shows it', async () => {
    const corrected = await request(app.url)
      .post(`/subjects/${subjectId}/corrections`)
      .set('Authorization', `Bearer ${officer}`)
      .set('If-Match', 'W/"0"')
      .send({ name: { givenNames: 'Muhammad', familyName: 'Khan' }, reason: 'Spelling confirmed with the school' })
      .expect(200);
    expect(corrected.headers.etag).toBe('W/"1"');
    const events = await subjectEvents();
    expect(events.map((event) => event.type)).toEqual(['SubjectRegistered', 'SubjectDetailsCorrected']);
    expect(JSON.stringify(events[1].data)).not.toContain('Muhammad');
    expect(JSON.stringify(events[1].data)).not.toContain('Spelling confirmed');
    const read = await request(app.url)
      .get(`/subjects/${subjectId}`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    expect(read.body.details.name).toEqual({ givenNames: 'Muhammad', familyName: 'Khan' });
    expect(read.body.details.dateOfBirth).toBe('2008-03-04');
  });

  it('refuses a stale If-Match with 412 and a missing one with 428, writing nothing', async () => {
    const count = (await subjectEvents()).length;
    await request(app.url)
      .post(`/subjects/${subjectId}/corrections`)
      .set('Authorization', `Bearer ${officer}`)
      .set('If-Match', 'W/"0"')
      .send({ nationality: 'British', reason: 'Checked' })
      .expect(412);
    await request(app.url)
      .post(`/subjects/${subjectId}/corrections`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ nationality: 'British', reason: 'Checked' })
      .expect(428);
    expect((await subjectEvents()).length).toBe(count);
  });

  it('answers 400 with field errors for bad input, and writes nothing', async () => {
    const count = (await subjectEvents()).length;
    const response = await request(app.url)
      .post(`/subjects/${subjectId}/corrections`)
      .set('Authorization', `Bearer ${officer}`)
      .set('If-Match', 'W/"1"')
      .send({ dateOfBirth: 'yesterday', shoeSize: 9 })
      .expect(400);
    expect(JSON.stringify(response.body)).toMatch(/dateOfBirth/);
    expect(JSON.stringify(response.body)).toMatch(/reason/);
    expect((await subjectEvents()).length).toBe(count);
  });

  it('hides another area’s subject as not found, for reads and corrections alike', async () => {
    await request(app.url).get(`/subjects/${subjectId}`).set('Authorization', `Bearer ${elsewhere}`).expect(404);
    await request(app.url)
      .post(`/subjects/${subjectId}/corrections`)
      .set('Authorization', `Bearer ${elsewhere}`)
      .set('If-Match', 'W/"1"')
      .send({ nationality: 'British', reason: 'Checked' })
      .expect(404);
  });
});
