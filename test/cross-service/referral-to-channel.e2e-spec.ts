import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CASES_TOPIC, integrationContracts, REFERRALS_TOPIC } from '@lib/contracts';
import { EventStore, FixedClock } from '@lib/event-store';
import { MessageTransport, type MessageHeaders } from '@lib/messaging';
import request from 'supertest';
import { channelCaseStream } from '../../apps/channel-panel/src/channel-cases/domain/channel-case.events.js';
import { REFERRALS_TO_CHANNEL_GROUP } from '../../apps/channel-panel/src/channel-cases/integration/referred-to-channel.consumer.js';
import { referralStream } from '../../apps/referral-intake/src/referrals/domain/referral.events.js';
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

interface CaseRead {
  status: string;
  subjectId: string;
  events: { type: string; actor: { id: string; role: string }; data: Record<string, unknown> }[];
}

/** A calendar day `days` after `day` (YYYY-MM-DD). */
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The same day `months` later (the exit dates below are early in a month: no month-end clamping). */
const addMonths = (day: string, months: number) => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
};
/** Midday on a day: the same date in London whatever the season. */
const noon = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * One referral from the police gateway to the Channel panel and back, every human step through the
 * services' HTTP APIs over real sockets, each by a person in their role with a token from the test
 * identity provider. The panel's days are a FixedClock the test moves on (to the meeting, the
 * sessions, the exit and the post-exit reviews); the messages between the services travel on the
 * embedded transport in real time.
 */
describe('one referral from the police gateway to the Channel panel and back, on the embedded transport', () => {
  let services: TwoServices;
  // the panel's calendar starts on a fixed day, a Monday early in a month
  const firstDay = '2025-03-03';
  const clock = new FixedClock(noon(firstDay));
  let officer: string;
  let supervisor: string;
  let coordinator: string;
  let chair: string;

  beforeAll(async () => {
    services = await startTwoServices('xref', { panelClock: clock });
    const sign = (sub: string, role: string) => services.issuer.sign({ sub, roles: [role], area: AREA });
    officer = await sign('officer-1', 'police-officer');
    supervisor = await sign('supervisor-1', 'police-supervisor');
    coordinator = await sign('coordinator-1', 'channel-coordinator');
    chair = await sign('chair-1', 'channel-chair');
  });
  afterAll(async () => {
    await services?.close();
  });

  const post = (url: string, path: string, token: string, body: object, etag?: string) => {
    const call = request(url).post(path).set('Authorization', `Bearer ${token}`).send(body);
    return etag ? call.set('If-Match', etag) : call;
  };
  const get = (url: string, path: string, token: string) =>
    request(url).get(path).set('Authorization', `Bearer ${token}`);

  /** At the intake, through its API: keyed in, triaged, decided "referred to Channel", signed off. */
  async function referToChannel(familyName: string): Promise<string> {
    const created = await post(services.intake.url, '/referrals', officer, adultReferral(familyName)).expect(201);
    const id = created.body.referralId as string;
    let etag = created.headers.etag as string;
    const step = async (path: string, token: string, body: object) => {
      const response = await post(services.intake.url, `/referrals/${id}/${path}`, token, body, etag).expect(200);
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
    await step('decision/sign-off', supervisor, { comment: 'Agreed: Channel' });
    return id;
  }

  /** A case of the panel as someone reads it through the API: its body and its ETag. */
  async function readCase(caseId: string, token = coordinator) {
    const response = await get(services.panel.url, `/cases/${caseId}`, token).expect(200);
    return { body: response.body as CaseRead, etag: response.headers.etag as string };
  }

  /** The case the panel opened from the referral (case id = referral id), once its consumer did. */
  async function openedCase(caseId: string) {
    const response = await eventually(
      () => get(services.panel.url, `/cases/${caseId}`, coordinator),
      (answer) => answer.status === 200,
    );
    expect(response.status).toBe(200);
    return { body: response.body as CaseRead, etag: response.headers.etag as string };
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

  /**
   * At the panel, through its API. The coordinator schedules the area's next meeting a week on and
   * lists the case; on the day, records who came (the chair and the police: quorate); the chair
   * records the assessment and adopts; the coordinator records the person's consent and plans
   * mentoring with provider-1 and starts it. Answers the meeting day and the case's ETag.
   */
  async function adoptAndSupport(caseId: string, etag: string) {
    const today = clock.now().toISOString().slice(0, 10);
    const meetingDay = addDays(today, 7);
    const scheduled = await post(services.panel.url, '/meetings', coordinator, {
      area: AREA,
      meetingDate: `${meetingDay}T14:00:00Z`,
    })
      .set('Idempotency-Key', `meeting-${caseId}`)
      .expect(201);
    const meetingId = scheduled.body.id as string;
    let current = (
      await post(services.panel.url, `/cases/${caseId}/listings`, coordinator, { meetingId }, etag).expect(200)
    ).headers.etag as string;
    // the coordinator's work list shows the case on the next meeting's agenda, once the read side has it
    const next = await eventually(
      async () => (await get(services.panel.url, '/work-lists/next-meeting', coordinator).expect(200)).body,
      (body: { meeting: { meetingId: string } | null; items: { case: { caseId: string } }[] }) =>
        body.meeting?.meetingId === meetingId && body.items.some((item) => item.case.caseId === caseId),
    );
    expect(next.meeting?.meetingId).toBe(meetingId);
    expect(next.items.map((item) => item.case.caseId)).toContain(caseId);

    clock.set(new Date(`${meetingDay}T15:00:00Z`));
    const agenda = await get(services.panel.url, `/meetings/${meetingId}`, coordinator).expect(200);
    expect(agenda.body.agenda).toContain(caseId);
    await post(
      services.panel.url,
      `/meetings/${meetingId}/attendance`,
      coordinator,
      {
        attendees: [
          { agency: 'local-authority', role: 'chair', userId: 'chair-1' },
          { agency: 'police', role: 'member', userId: 'police-member-1' },
          { agency: 'education', role: 'member' },
        ],
      },
      agenda.headers.etag as string,
    ).expect(200);
    expect((await get(services.panel.url, `/meetings/${meetingId}`, chair).expect(200)).body.quorate).toBe(true);

    const step = async (path: string, token: string, body: object) => {
      const response = await post(services.panel.url, `/cases/${caseId}/${path}`, token, body, current).expect(200);
      current = response.headers.etag as string;
    };
    await step('assessments', chair, {
      templateId: 'engagement-intent-capability',
      meetingId,
      answers: ['engagement', 'intent', 'capability'].map((dimension) => ({
        dimension,
        rating: 'medium',
        notes: 'Discussed at panel',
      })),
      summaryConclusion: 'Vulnerable to recruitment',
    });
    await step('decision', chair, {
      meetingId,
      decision: 'adopt',
      rationale: 'Vulnerable to recruitment; support is proportionate',
    });
    await step('consent', coordinator, {
      outcome: 'given',
      givenBy: 'subject',
      consentedOn: meetingDay,
      method: 'in-person',
    });
    await step('interventions', coordinator, {
      interventionId: 'mentoring-1',
      interventionType: 'ideological-mentoring',
      ownerAgency: 'intervention-provider',
      providerId: 'provider-1',
      startDate: meetingDay,
      description: 'Weekly ideological mentoring',
    });
    await step('interventions/mentoring-1/status', coordinator, { status: 'active' });
    return { meetingDay, etag: current };
  }

  it('takes a referral to Channel, adoption, consent, a support plan, sessions, exit and both post-exit reviews', async () => {
    const referralId = await referToChannel('Whitfield');

    // the panel opened the case from the intake's ReferredToChannel, as the intake's system actor
    const opened = await openedCase(referralId);
    const caseId = referralId;
    const opening = opened.body.events[0];
    expect(opening).toMatchObject({
      type: 'CaseOpened',
      data: {
        caseId,
        origin: 'police-referral',
        referralId,
        area: AREA,
        region: REGION,
        ageAtReferral: expect.any(Number),
      },
      actor: { id: 'system:referral-intake', role: 'system' },
    });
    // the details travelled sealed under the subject's key; the panel, allowed the key store, opens them for the coordinator
    expect((opening.data.personalDetails as { name: unknown }).name).toEqual({
      givenNames: 'Daniel',
      familyName: 'Whitfield',
    });
    const { events: stored } = await services.panel.app.get(EventStore).readStream(channelCaseStream(caseId));
    expect(stored[0].causationId).toEqual(expect.any(String));

    const supported = await adoptAndSupport(caseId, opened.etag);
    let etag = supported.etag;

    // the provider, assigned the case, reads it and records the sessions and progress
    const provider = await services.issuer.sign({
      sub: 'provider-1',
      roles: ['intervention-provider'],
      assigned_cases: [caseId],
    });
    for (const [sessionId, week] of [
      ['session-1', 1],
      ['session-2', 2],
    ] as const) {
      const sessionDate = addDays(supported.meetingDay, 7 * week);
      clock.set(noon(sessionDate));
      const seen = await readCase(caseId, provider);
      expect(seen.etag).toBe(etag);
      etag = (
        await post(
          services.panel.url,
          `/cases/${caseId}/interventions/mentoring-1/sessions`,
          provider,
          { sessionId, sessionDate, attendance: 'attended', notes: `Session ${sessionId} went well` },
          seen.etag,
        ).expect(200)
      ).headers.etag as string;
    }
    etag = (
      await post(
        services.panel.url,
        `/cases/${caseId}/interventions/mentoring-1/progress`,
        provider,
        { progress: 'Questioning the group’s ideas' },
        etag,
      ).expect(200)
    ).headers.etag as string;

    // months on: mentoring completed, the chair closes the case
    const exitedOn = addMonths(firstDay, 8);
    clock.set(noon(exitedOn));
    etag = (
      await post(
        services.panel.url,
        `/cases/${caseId}/interventions/mentoring-1/status`,
        coordinator,
        { status: 'completed' },
        etag,
      ).expect(200)
    ).headers.etag as string;
    etag = (
      await post(
        services.panel.url,
        `/cases/${caseId}/exit`,
        chair,
        { exitOutcome: 'no-further-terrorism-concerns', exitedOn, closingReport: 'Left the group, at college' },
        etag,
      ).expect(200)
    ).headers.etag as string;

    // 6 and 12 months after exit, the review shows on the coordinator's work list, due that day, and is recorded
    const dues: string[] = [];
    for (const [review, months] of [
      ['6-months', 6],
      ['12-months', 12],
    ] as const) {
      const dueOn = addMonths(exitedOn, months);
      clock.set(noon(dueOn));
      const due = await eventually(
        async () =>
          (await get(services.panel.url, '/work-lists/post-exit-reviews?state=due', coordinator).expect(200)).body as {
            items: { caseId: string; review: string; dueOn: string; state: string }[];
          },
        (body) => body.items.some((item) => item.caseId === caseId && item.review === review),
      );
      expect(due.items.filter((item) => item.caseId === caseId)).toEqual([
        expect.objectContaining({ review, dueOn, state: 'due' }),
      ]);
      dues.push(dueOn);
      etag = (
        await post(
          services.panel.url,
          `/cases/${caseId}/post-exit-reviews`,
          coordinator,
          { review, outcome: 'no-further-concerns', notes: `Review at ${review}: settled` },
          etag,
        ).expect(200)
      ).headers.etag as string;
    }
    const closed = await readCase(caseId);
    expect(closed.etag).toBe(etag);
    expect(closed.body.status).toBe('closed');

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
    // no duplicates: one message per event id
    expect(new Set(messages.map((m) => m.headers.eventId)).size).toBe(messages.length);
    expect(messages.map((m) => m.payload.review ?? m.payload.exitOutcome ?? m.payload.outcome).filter(Boolean)).toEqual(
      ['given', 'no-further-terrorism-concerns', '6-months', '12-months'],
    );
    expect(messages.filter((m) => m.headers.type === 'PostExitReviewCompleted').map((m) => m.payload.dueOn)).toEqual(
      dues,
    );
    // statistical only: nothing of the person, the panel's words or the sealed envelopes on the topic
    expect(JSON.stringify(messages)).not.toMatch(
      /Whitfield|Daniel|Canal|1999-06-15|Weekly|went well|Questioning|college|settled|"\$pd"|subjectId/,
    );

    // the referral stays decided at the intake: nothing came back
    const { events } = await services.intake.app.get(EventStore).readStream(referralStream(referralId));
    expect(events.map((event) => event.type)).toContain('DecisionSignedOff');
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
    const { body } = await readCase(referralId);
    expect(body.events.filter((event) => event.type === 'CaseOpened')).toHaveLength(1);
  }, 30_000);

  it('returns the case to the police when consent is withdrawn, and the referral reopens in the police queue', async () => {
    const referralId = await referToChannel('Marsh');
    const caseId = referralId;
    const opened = await openedCase(caseId);
    const supported = await adoptAndSupport(caseId, opened.etag);
    const withdrawnOn = addDays(supported.meetingDay, 10);
    clock.set(noon(withdrawnOn));
    await post(
      services.panel.url,
      `/cases/${caseId}/consent`,
      coordinator,
      {
        outcome: 'withdrawn',
        givenBy: 'subject',
        consentedOn: withdrawnOn,
        method: 'by-phone',
        riskView: 'Back in contact with the group',
      },
      supported.etag,
    ).expect(200);
    expect((await readCase(caseId)).body.status).toBe('with-police');

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
    const messages = await publishedAbout(caseId);
    const registry = integrationContracts();
    for (const message of messages) {
      expect(registry.validate(CASES_TOPIC.name, message.headers.type, 1, message.payload)).toBeNull();
    }
    expect(new Set(messages.map((m) => m.headers.eventId)).size).toBe(messages.length);
    const returned = messages.at(-1)!;
    expect(returned.payload).toEqual({
      caseId,
      area: AREA,
      referralId,
      reason: 'consent-withdrawn',
      returnedAt: expect.any(String),
    });
    expect(JSON.stringify(messages)).not.toMatch(/Marsh|Daniel|Back in contact|"\$pd"|subjectId/);

    // the intake's consumer reopened the referral: the police queue shows it awaiting them again, once
    type Queue = { items: { referralId: string; status: string; reopenedAt: string | null }[]; total: number };
    const reopenedQueue = async () =>
      (await get(services.intake.url, '/referrals', officer).query({ status: 'reopened', limit: 100 }).expect(200))
        .body as Queue;
    const queue = await eventually(reopenedQueue, (body) => body.items.some((item) => item.referralId === referralId));
    expect(queue.items.filter((item) => item.referralId === referralId)).toEqual([
      expect.objectContaining({ referralId, status: 'reopened', reopenedAt: expect.any(String) }),
    ]);
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
