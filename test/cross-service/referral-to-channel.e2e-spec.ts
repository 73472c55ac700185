import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CASES_TOPIC, integrationContracts, REFERRALS_TOPIC } from '@lib/contracts';
import { EventStore } from '@lib/event-store';
import { MessageTransport, type MessageHeaders } from '@lib/messaging';
import request from 'supertest';
import type { CaseOpened } from '../../apps/channel-panel/src/channel-cases/domain/channel-case.events.js';
import { referralStream } from '../../apps/referral-intake/src/referrals/domain/referral.events.js';
import { REFERRALS_TO_CHANNEL_GROUP } from '../../apps/channel-panel/src/channel-cases/integration/referred-to-channel.consumer.js';
import { PanelDriver } from './support/panel-driver.js';
import { AREA, eventually, REGION, startTwoServices, type TwoServices } from './support/two-services.js';

/** A referral as the police key it in: an adult, so that he consents to support himself. */
const adultReferral = (familyName: string) => ({
  subject: {
    name: { givenNames: 'Daniel', familyName },
    dateOfBirth: '1999-06-15',
    gender: 'male',
    area: AREA,
    address: { lines: ['14 Canal Street', 'Birmingham'], postcode: 'B5 6AA' },
  },
  region: REGION,
  sector: 'community',
  concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
  subjectAware: 'yes',
  referrer: { name: 'Sam Youthworker', role: 'Youth worker', organisation: 'Canal Youth Club' },
  concern: { description: 'Recruiting younger members to a banned group' },
});

interface Published {
  headers: MessageHeaders;
  payload: Record<string, unknown>;
}

describe('one referral from the police gateway to the Channel panel and back, on the embedded transport', () => {
  let services: TwoServices;
  let panel: PanelDriver;
  let officer: string;
  let supervisor: string;

  beforeAll(async () => {
    services = await startTwoServices('xref');
    panel = new PanelDriver(services.panel);
    officer = await services.issuer.sign({ sub: 'officer-1', roles: ['police-officer'], area: AREA });
    supervisor = await services.issuer.sign({ sub: 'supervisor-1', roles: ['police-supervisor'], area: AREA });
  });
  afterAll(async () => {
    await services?.close();
  });

  /** At the intake, through its API: keyed in, triaged, decided "referred to Channel". */
  async function referToChannel(familyName: string): Promise<string> {
    const post = (path: string, token: string, body: object, etag?: string) => {
      const call = request(services.intake.url).post(path).set('Authorization', `Bearer ${token}`).send(body);
      return etag ? call.set('If-Match', etag) : call;
    };
    const created = await post('/referrals', officer, adultReferral(familyName)).expect(201);
    const id = created.body.referralId as string;
    let etag = created.headers.etag as string;
    const step = async (path: string, token: string, body: object) => {
      const response = await post(`/referrals/${id}/${path}`, token, body, etag).expect(200);
      etag = response.headers.etag as string;
    };
    await step('acknowledgement', officer, {});
    await step('assignment', supervisor, { officerId: 'officer-1' });
    await step('deconfliction', officer, { result: 'clear' });
    await step('gateway-assessment', officer, {
      templateId: 'engagement-intent-capability',
      templateVersion: 1,
      answers: [
        { dimension: 'engagement', rating: 'high', notes: 'Attends meetings' },
        { dimension: 'intent', rating: 'medium', notes: 'Talks of action' },
        { dimension: 'capability', rating: 'low', notes: 'None known' },
      ],
      summary: 'Engaged, some intent',
    });
    await step('decision', officer, {
      outcome: 'referred-to-channel',
      channelArea: AREA,
      rationale: 'Channel can help',
    });
    return id;
  }

  /** The case the panel opened from the referral (case id = referral id), once its consumer did. */
  async function openedCase(caseId: string) {
    const opened = await eventually(
      () => panel.opening(caseId),
      (event) => event !== undefined,
    );
    expect(opened).toBeDefined();
    return opened!;
  }

  /** What the panel's relay published about a case, in order. */
  const publishedAbout = async (caseId: string): Promise<Published[]> =>
    (
      await services.db.pool.query<Published>(
        `SELECT headers, payload FROM messaging.messages WHERE topic = $1 AND key = $2 ORDER BY transaction_id, sequence`,
        [CASES_TOPIC.name, `channel-case-${caseId}`],
      )
    ).rows;

  const typesPublishedAbout = async (caseId: string, count: number) =>
    (
      await eventually(
        () => publishedAbout(caseId),
        (rows) => rows.length >= count,
      )
    ).map((row) => row.headers.type);

  /** Adopted at a quorate meeting, consent given by the person (an adult), mentoring started. */
  async function adoptAndSupport(opened: CaseOpened) {
    const { caseId, subjectId } = opened.data;
    const meeting = await panel.quorateMeetingFor(caseId, AREA);
    expect(meeting.quorate).toBe(true);
    await panel.onCase(
      {
        type: 'DecideCase',
        caseId,
        meeting,
        decision: { decision: 'adopt' },
        rationale: await panel.seal(subjectId, 'Vulnerable to recruitment; support is proportionate'),
      },
      PanelDriver.chair,
    );
    const today = new Date().toISOString().slice(0, 10);
    await panel.onCase({
      type: 'RecordConsent',
      caseId,
      outcome: 'given',
      givenBy: 'subject',
      subjectAgeOnDate: await panel.ageOn(opened, today),
      consentedOn: today,
      method: 'in-person',
    });
    await panel.onCase({
      type: 'PlanIntervention',
      caseId,
      interventionId: 'mentoring-1',
      interventionType: { codeList: 'intervention-types-2024', code: 'ideological-mentoring' },
      ownerAgency: 'intervention-provider',
      providerId: PanelDriver.provider.id,
      startDate: today,
      description: await panel.seal(subjectId, 'Weekly ideological mentoring'),
    });
    await panel.onCase({ type: 'ChangeInterventionStatus', caseId, interventionId: 'mentoring-1', status: 'active' });
  }

  it('takes a referral to Channel, adoption, consent, a support plan, sessions, exit and both post-exit reviews', async () => {
    const referralId = await referToChannel('Whitfield');

    // the panel opened the case from the intake's ReferredToChannel, as the intake's system actor
    const opened = await openedCase(referralId);
    expect(opened).toMatchObject({
      data: {
        caseId: referralId,
        origin: 'police-referral',
        referralId,
        area: AREA,
        region: REGION,
        ageAtReferral: expect.any(Number),
      },
      actor: { id: 'system:referral-intake', role: 'system' },
    });
    expect(opened.causationId).toEqual(expect.any(String));
    // the details travelled sealed under the subject's key; the panel, allowed the key store, opens them
    expect(await panel.cipher.reveal(opened.data.personalDetails.name)).toEqual({
      givenNames: 'Daniel',
      familyName: 'Whitfield',
    });

    await adoptAndSupport(opened);
    const { caseId, subjectId } = opened.data;
    for (const [sessionId, sessionDate] of [
      ['session-1', '2025-05-08'],
      ['session-2', '2025-05-15'],
    ]) {
      await panel.onCase(
        {
          type: 'RecordInterventionSession',
          caseId,
          interventionId: 'mentoring-1',
          sessionId,
          sessionDate,
          attendance: 'attended',
          notes: await panel.seal(subjectId, `Session ${sessionId} went well`),
          recordedBy: PanelDriver.provider,
        },
        PanelDriver.provider,
      );
    }
    await panel.onCase({
      type: 'ChangeInterventionStatus',
      caseId,
      interventionId: 'mentoring-1',
      status: 'completed',
    });
    await panel.onCase({
      type: 'ExitCase',
      caseId,
      exitOutcome: 'no-further-terrorism-concerns',
      exitedOn: '2025-11-28',
      closingReport: await panel.seal(subjectId, 'Left the group, at college'),
    });
    for (const review of ['6-months', '12-months'] as const) {
      await panel.onCase({
        type: 'RecordPostExitReview',
        caseId,
        review,
        outcome: 'no-further-concerns',
        notes: await panel.seal(subjectId, `Review at ${review}: settled`),
      });
    }

    const types = await typesPublishedAbout(caseId, 8);
    expect(types).toEqual([
      'CaseOpened',
      'CaseDiscussedAtPanel',
      'CaseAdopted',
      'ConsentRecorded',
      'SupportStarted',
      'CaseClosed',
      'PostExitReviewCompleted',
      'PostExitReviewCompleted',
    ]);
    const messages = await publishedAbout(caseId);
    const registry = integrationContracts();
    for (const message of messages) {
      expect(registry.validate(CASES_TOPIC.name, message.headers.type, 1, message.payload)).toBeNull();
      expect(message.payload.area).toBe(AREA);
    }
    expect(messages.map((m) => m.payload.review ?? m.payload.exitOutcome ?? m.payload.outcome).filter(Boolean)).toEqual(
      ['given', 'no-further-terrorism-concerns', '6-months', '12-months'],
    );
    expect(messages.find((m) => m.headers.type === 'PostExitReviewCompleted')?.payload.dueOn).toBe('2026-05-28');
    // statistical only: nothing of the person, the panel's words or the sealed envelopes on the topic
    expect(JSON.stringify(messages)).not.toMatch(
      /Whitfield|Daniel|Canal|1999-06-15|Weekly|went well|college|settled|"\$pd"|subjectId/,
    );

    // the referral stays decided at the intake: nothing came back
    const { events } = await services.intake.app.get(EventStore).readStream(referralStream(referralId));
    expect(events.map((event) => event.type)).not.toContain('ReferralReopened');
  }, 45_000);

  it('opens nothing twice when the intake’s ReferredToChannel is delivered again', async () => {
    const referralId = await referToChannel('Okafor');
    await openedCase(referralId);
    const { rows } = await services.db.pool.query<{ key: string; headers: MessageHeaders; payload: unknown }>(
      `SELECT key, headers, payload FROM messaging.messages WHERE topic = $1 AND key = $2 AND headers->>'type' = 'ReferredToChannel'`,
      [REFERRALS_TOPIC.name, `referral-${referralId}`],
    );
    expect(rows).toHaveLength(1);
    // the same message again (a republish after a relay crash carries the same id)
    await services.panel.app.get(MessageTransport).publish(REFERRALS_TOPIC.name, [rows[0]]);
    const duplicates = new RegExp(
      `messaging_inbox_messages_total\\{group="${REFERRALS_TO_CHANNEL_GROUP}",outcome="duplicate"[^}]*\\} ([1-9])`,
    );
    const metrics = await eventually(
      async () => (await request(services.panel.url).get('/metrics')).text,
      (text) => duplicates.test(text),
    );
    expect(metrics).toMatch(duplicates);
    const openings = (await panel.caseEvents(referralId)).filter((event) => event.type === 'CaseOpened');
    expect(openings).toHaveLength(1);
  }, 30_000);

  it('returns the case to the police when consent is withdrawn, and the referral reopens in the police queue', async () => {
    const referralId = await referToChannel('Marsh');
    const opened = await openedCase(referralId);
    await adoptAndSupport(opened);
    const { caseId, subjectId } = opened.data;
    const today = new Date().toISOString().slice(0, 10);
    await panel.onCase({
      type: 'WithdrawConsent',
      caseId,
      givenBy: 'subject',
      subjectAgeOnDate: await panel.ageOn(opened, today),
      consentedOn: today,
      method: 'by-phone',
      riskView: await panel.seal(subjectId, 'Back in contact with the group'),
    });

    const types = await typesPublishedAbout(caseId, 7);
    expect(types).toEqual([
      'CaseOpened',
      'CaseDiscussedAtPanel',
      'CaseAdopted',
      'ConsentRecorded',
      'SupportStarted',
      'ConsentRecorded',
      'CaseReturnedToPolice',
    ]);
    const returned = (await publishedAbout(caseId)).at(-1)!;
    expect(returned.payload).toEqual({
      caseId,
      area: AREA,
      referralId,
      reason: 'consent-withdrawn',
      returnedAt: expect.any(String),
    });

    // the intake's consumer reopened the referral, and its queue shows it awaiting the police again
    const queue = await eventually(
      async () =>
        (
          await request(services.intake.url)
            .get('/referrals')
            .query({ status: 'reopened' })
            .set('Authorization', `Bearer ${officer}`)
            .expect(200)
        ).body as { items: { referralId: string; status: string; reopenedAt: string | null }[] },
      (body) => body.items.some((item) => item.referralId === referralId),
    );
    expect(queue.items.find((item) => item.referralId === referralId)).toMatchObject({
      status: 'reopened',
      reopenedAt: expect.any(String),
    });
    const { events } = await services.intake.app.get(EventStore).readStream(referralStream(referralId));
    const reopened = events.filter((event) => event.type === 'ReferralReopened');
    expect(reopened).toHaveLength(1);
    expect(reopened[0]).toMatchObject({
      data: { referralId, caseId, returnReason: 'consent-withdrawn' },
      actor: { id: 'system:channel-panel', role: 'system' },
      causationId: returned.headers.eventId,
    });
  }, 45_000);
});
