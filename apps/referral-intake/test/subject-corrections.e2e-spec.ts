import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { integrationContracts, REFERRALS_TOPIC } from '@lib/contracts';
import { EventStore, type RecordedEvent } from '@lib/event-store';
import type { MessageHeaders } from '@lib/messaging';
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
import { ageOn } from '../src/referrals/domain/referral.commands.js';
import { referralStream } from '../src/referrals/domain/referral.events.js';
import { subjectStream } from '../src/subjects/domain/subject.events.js';
import {
  SUBJECT_CORRECTIONS_SUBSCRIPTION,
  SubjectCorrectionsProcessManager,
} from '../src/subjects/propagating-corrections/subject-corrections.process-manager.js';
import { AREA, AUDIENCE, newReferral } from './support/referral-fixtures.js';

interface Published {
  headers: MessageHeaders;
  payload: Record<string, unknown>;
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(25);
  }
}

describe('a subject’s corrected date of birth, gender or area, carried onto its referrals (embedded PostgreSQL)', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: RunningTestApp;
  let store: EventStore;
  let manager: SubjectCorrectionsProcessManager;
  let officer: string;
  let subjectId: string;
  let referralIds: string[];

  beforeAll(async () => {
    db = await createTestDatabase('intake_corr');
    issuer = await startTestIssuer({ audience: AUDIENCE });
    app = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: db.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      PERSONAL_DATA_KEK: randomBytes(32).toString('base64'),
    });
    store = app.app.get(EventStore);
    manager = app.app.get(SubjectCorrectionsProcessManager);
    officer = await issuer.sign({ sub: 'officer-1', roles: ['police-officer'], area: AREA });
    // the person is referred, then referred again: two referrals of one subject
    const first = await post('/referrals', newReferral()).expect(201);
    subjectId = first.body.subjectId as string;
    const { subject: _described, ...again } = newReferral();
    const second = await post('/referrals', { ...again, subjectId }).expect(201);
    referralIds = [first.body.referralId as string, second.body.referralId as string];
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
    await db?.drop();
  });

  function post(path: string, body: object, ifMatch?: string) {
    const call = request(app.url).post(path).set('Authorization', `Bearer ${officer}`).send(body);
    return ifMatch ? call.set('If-Match', ifMatch) : call;
  }

  /** Corrects the subject over HTTP; answers the recorded correction, once the manager has handled it. */
  async function correctSubject(body: object): Promise<RecordedEvent> {
    const read = await request(app.url)
      .get(`/subjects/${subjectId}`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    await post(`/subjects/${subjectId}/corrections`, body, read.headers.etag as string).expect(200);
    const { events } = await store.readStream(subjectStream(subjectId), { direction: 'backwards', maxCount: 1 });
    await manager.settled(events[0].globalPosition);
    return events[0];
  }

  const referralEvents = async (referralId: string) => (await store.readStream(referralStream(referralId))).events;
  const correctionsOf = async (referralId: string) =>
    (await referralEvents(referralId)).filter((event) => event.type === 'ReferralDetailsCorrected');
  const published = async (referralId: string) =>
    (
      await db.pool.query<Published>(
        `SELECT headers, payload FROM messaging.messages WHERE topic = $1 AND key = $2 ORDER BY transaction_id, sequence`,
        [REFERRALS_TOPIC.name, referralStream(referralId)],
      )
    ).rows.filter((message) => message.headers.type === 'ReferralDetailsCorrected');

  let dateOfBirthCorrection: RecordedEvent;

  it('records a corrected age at referral on every referral of the person, caused by the subject’s correction', async () => {
    dateOfBirthCorrection = await correctSubject({ dateOfBirth: '2011-09-30', reason: 'Date of birth keyed wrongly' });
    for (const referralId of referralIds) {
      const events = await referralEvents(referralId);
      const receivedAt = (events[0].data as { receivedAt: string }).receivedAt;
      const corrections = events.filter((event) => event.type === 'ReferralDetailsCorrected');
      expect(corrections).toHaveLength(1);
      expect(corrections[0]).toMatchObject({
        data: { referralId, ageAtReferral: ageOn('2011-09-30', receivedAt) },
        causationId: dateOfBirthCorrection.eventId,
        correlationId: dateOfBirthCorrection.correlationId,
        actor: { id: 'system:referral-intake', role: 'system' },
        reason: 'subject-details-corrected',
      });
      expect(ageOn('2011-09-30', receivedAt)).not.toBe((events[0].data as { ageAtReferral: number }).ageAtReferral);
      expect(Object.keys(corrections[0].data as object).sort()).toEqual([
        'ageAtReferral',
        'correctedAt',
        'reason',
        'referralId',
      ]);
    }
    // the officer's reason, sealed, shows in the referral's history
    const history = await request(app.url)
      .get(`/referrals/${referralIds[0]}/history`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    expect(JSON.stringify(history.body)).toContain('Date of birth keyed wrongly');
  });

  it('publishes each referral’s correction as the ReferralDetailsCorrected contract: codes and the age only', async () => {
    const registry = integrationContracts();
    for (const referralId of referralIds) {
      const messages = await eventually(
        () => published(referralId),
        (rows) => rows.length >= 1,
      );
      expect(messages).toHaveLength(1);
      const receivedAt = ((await referralEvents(referralId))[0].data as { receivedAt: string }).receivedAt;
      expect(messages[0].payload).toEqual({
        referralId,
        ageAtReferral: ageOn('2011-09-30', receivedAt),
        correctedAt: expect.any(String),
      });
      expect(registry.validate(REFERRALS_TOPIC.name, 'ReferralDetailsCorrected', 1, messages[0].payload)).toBeNull();
      expect(JSON.stringify(messages)).not.toMatch(/2011-09-30|keyed wrongly|Khan/);
    }
  });

  it('carries a corrected gender; a corrected name alone changes no referral', async () => {
    await correctSubject({ gender: 'female', reason: 'Gender recorded wrongly' });
    for (const referralId of referralIds) {
      const corrections = await correctionsOf(referralId);
      expect(corrections).toHaveLength(2);
      expect(corrections[1].data).toMatchObject({ gender: 'female' });
    }
    const before = await Promise.all(referralIds.map(async (id) => (await referralEvents(id)).length));
    await correctSubject({ name: { givenNames: 'Muhammad', familyName: 'Khan' }, reason: 'Spelling' });
    expect(await Promise.all(referralIds.map(async (id) => (await referralEvents(id)).length))).toEqual(before);
  });

  it('corrects nothing twice: not on a redelivery, nor after a restart that replays the whole log', async () => {
    const counts = async () => Promise.all(referralIds.map(async (id) => (await correctionsOf(id)).length));
    const ages = async () =>
      Promise.all(referralIds.map(async (id) => (await correctionsOf(id)).at(-1)!.data as { ageAtReferral?: number }));
    // corrected again: the first correction's age is no longer the referrals', so re-applying it would append
    await correctSubject({ dateOfBirth: '2009-01-15', reason: 'Checked with the school' });
    const before = await counts();
    expect(before).toEqual([3, 3]);
    const corrected = await ages();
    expect(corrected.every((data) => data.ageAtReferral !== undefined)).toBe(true);

    // the first correction delivered again (a crash before its checkpoint was stored)
    await manager.handle(dateOfBirthCorrection);
    expect(await counts()).toEqual(before);

    // a restart from no checkpoint at all: every subject correction is handled again
    await manager.stop();
    await db.pool.query(`DELETE FROM referral_intake.subscription_checkpoints WHERE subscription_id = $1`, [
      SUBJECT_CORRECTIONS_SUBSCRIPTION,
    ]);
    await manager.start();
    const { events } = await store.readStream(subjectStream(subjectId), { direction: 'backwards', maxCount: 1 });
    await manager.settled(events[0].globalPosition);
    expect(manager.running).toBe(true);
    expect(await counts()).toEqual(before);
    expect(await ages()).toEqual(corrected);
    const { rows } = await db.pool.query<{ referral_id: string; subject_id: string }>(
      'SELECT referral_id, subject_id FROM referral_intake.subject_referrals ORDER BY referral_id',
    );
    expect(rows).toEqual([...referralIds].sort().map((referral_id) => ({ referral_id, subject_id: subjectId })));
  });
});
