import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CASES_TOPIC, integrationContracts, REFERRALS_TOPIC } from '@lib/contracts';
import { EventStore, type DomainEvent } from '@lib/event-store';
import { integrationMessageId, MessageTransport, type MessageHeaders } from '@lib/messaging';
import { PersonalDataCipher } from '@lib/personal-data';
import {
  createTestDatabase,
  startTestApp,
  startTestIssuer,
  TEST_AUDIENCE,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module.js';
import { SERVICE_NAME } from '../src/config/referral-intake.config.js';
import { sealed } from '../src/referrals/domain/referral.builders.js';
import { referralStream, type ReferralEvent } from '../src/referrals/domain/referral.events.js';
import { subjectStream, type SubjectEvent } from '../src/subjects/domain/subject.events.js';

const GROUP = 'referral-intake.returns-from-channel';
const officer = { actor: { id: 'officer-1', role: 'police-officer' }, correlationId: 'corr-intake' };

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(25);
  }
}

interface Published {
  key: string;
  headers: MessageHeaders;
  payload: Record<string, unknown>;
}

describe('referral-intake’s integration events, on the embedded transport', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let intake: RunningTestApp;
  let store: EventStore;
  let cipher: PersonalDataCipher;
  const subjectId = randomUUID();
  const referralId = randomUUID();
  const withdrawnId = randomUUID();
  const caseId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase('intake_msg');
    issuer = await startTestIssuer({ audience: TEST_AUDIENCE });
    intake = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: db.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: TEST_AUDIENCE,
      PERSONAL_DATA_KEK: randomBytes(32).toString('base64'),
    });
    store = intake.app.get(EventStore);
    cipher = intake.app.get(PersonalDataCipher, { strict: false });
  });
  afterAll(async () => {
    await intake?.close();
    await issuer?.close();
    await db?.drop();
  });

  const append = (streamId: string, events: DomainEvent[], causationId?: string) =>
    store.appendToStream(streamId, events, {
      ...officer,
      expectedRevision: 'any',
      ...(causationId ? { causationId } : {}),
    });

  const published = async (key: string): Promise<Published[]> =>
    (
      await db.pool.query<Published>(
        `SELECT key, headers, payload FROM messaging.messages WHERE topic = $1 AND key = $2 ORDER BY transaction_id, sequence`,
        [REFERRALS_TOPIC.name, key],
      )
    ).rows;

  const reopenings = async () =>
    (await store.readStream(referralStream(referralId))).events.filter((event) => event.type === 'ReferralReopened');

  it('is ready with its messaging up, relaying referrals and consuming the panel’s returns', async () => {
    const response = await request(intake.url).get('/health/ready').expect(200);
    expect(response.body.checks.messaging).toEqual({ status: 'up' });
  });

  it('publishes a referral’s life as contracts v1: codes for reporting, sealed details for the panel', async () => {
    const details = {
      name: await cipher.protect(subjectId, { givenNames: 'Mohammed', familyName: 'Khan' }),
      dateOfBirth: await cipher.protect(subjectId, '2008-03-04'),
      address: await cipher.protect(subjectId, { lines: ['1 High Street'], postcode: 'B1 1AA' }),
    };
    const subject: SubjectEvent = {
      type: 'SubjectRegistered',
      data: { subjectId, area: 'E08000025', gender: 'male', details, registeredAt: '2025-03-03T09:00:00.000Z' },
    };
    await append(subjectStream(subjectId), [subject]);
    const profile = {
      area: 'E08000025',
      region: 'E12000005',
      sector: 'education',
      concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
      gender: 'male',
    } as const;
    const lifecycle: ReferralEvent[] = [
      {
        type: 'ReferralReceived',
        // no age recorded: the relay derives it from the sealed date of birth (the day before the birthday)
        data: {
          referralId,
          subjectId,
          receivedVia: 'police',
          ...profile,
          subjectAware: 'no',
          referrer: await cipher.protect(subjectId, { name: 'A Teacher' }),
          concern: await cipher.protect(subjectId, { description: 'shared extremist material' }),
          receivedAt: '2025-03-03T10:00:00.000Z',
        },
      },
      { type: 'ReferralAcknowledged', data: { referralId, acknowledgedAt: '2025-03-03T10:05:00.000Z' } },
      { type: 'DeconflictionCleared', data: { referralId, checkedAt: '2025-03-04T10:00:00.000Z' } },
      {
        type: 'ReferralDetailsCorrected',
        data: {
          referralId,
          sector: 'health',
          reason: sealed('wrong sector keyed', subjectId),
          correctedAt: '2025-03-04T11:00:00.000Z',
        },
      },
      {
        type: 'ReferralDecided',
        data: {
          referralId,
          decisionNumber: 1,
          outcome: 'referred-to-channel',
          channelArea: 'E08000025',
          decidedBy: 'officer-1',
          rationale: await cipher.protect(subjectId, 'vulnerable and engaged'),
          decidedAt: '2025-03-06T15:40:00.000Z',
        },
      },
    ];
    await append(referralStream(referralId), lifecycle);

    const messages = await eventually(
      () => published(referralStream(referralId)),
      (rows) => rows.length >= 4,
    );
    expect(messages.map((m) => m.headers.type)).toEqual([
      'ReferralReceived',
      'ReferralDetailsCorrected',
      'ReferralDecided',
      'ReferredToChannel',
    ]);
    const registry = integrationContracts();
    for (const message of messages) {
      expect(registry.validate(REFERRALS_TOPIC.name, message.headers.type, 1, message.payload)).toBeNull();
    }
    expect(messages[0].payload).toEqual({
      referralId,
      ...profile,
      concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
      ageAtReferral: 16,
      receivedAt: '2025-03-03T10:00:00.000Z',
    });
    expect(messages[1].payload).toEqual({ referralId, sector: 'health', correctedAt: '2025-03-04T11:00:00.000Z' });
    expect(messages[2].payload).toMatchObject({
      outcome: 'referred-to-channel',
      decisionNumber: 1,
      channelArea: 'E08000025',
    });

    // nothing personal in clear on the topic, not even in the envelopes' neighbours
    const onTheTopic = JSON.stringify(messages);
    expect(onTheTopic).not.toMatch(/Mohammed|Khan|High Street|2008-03-04|Teacher|extremist material|vulnerable/);

    // the panel, allowed the key store, opens what it needs; the sector as corrected
    const referred = messages[3].payload as {
      personalDetails: Record<string, unknown>;
      sector: string;
      subjectId: string;
    };
    expect(referred.subjectId).toBe(subjectId);
    expect(referred.sector).toBe('health');
    expect(await cipher.reveal(referred.personalDetails)).toEqual({
      name: { givenNames: 'Mohammed', familyName: 'Khan' },
      dateOfBirth: '2008-03-04',
      address: { lines: ['1 High Street'], postcode: 'B1 1AA' },
      concern: { description: 'shared extremist material' },
    });
  });

  it('publishes a withdrawal with its reason code and never the explanation', async () => {
    await append(referralStream(withdrawnId), [
      {
        type: 'ReferralReceived',
        data: {
          referralId: withdrawnId,
          subjectId,
          receivedVia: 'partner-form',
          area: 'E08000025',
          region: 'E12000005',
          sector: 'community',
          concernTypes: { codeList: 'concern-types-2024', codes: ['conflicted'] },
          gender: 'male',
          ageAtReferral: 16,
          subjectAware: 'yes',
          referrer: sealed('x', subjectId),
          concern: sealed('y', subjectId),
          receivedAt: '2025-03-05T10:00:00.000Z',
        },
      },
      {
        type: 'ReferralWithdrawn',
        data: {
          referralId: withdrawnId,
          reason: 'duplicate',
          explanation: sealed('keyed twice', subjectId),
          withdrawnAt: '2025-03-05T11:00:00.000Z',
        },
      },
    ] satisfies ReferralEvent[]);
    const messages = await eventually(
      () => published(referralStream(withdrawnId)),
      (rows) => rows.length >= 2,
    );
    expect(messages.map((m) => [m.headers.type, m.payload.ageAtReferral ?? m.payload.reason])).toEqual([
      ['ReferralReceived', 16],
      ['ReferralWithdrawn', 'duplicate'],
    ]);
  });

  const returned = (eventId: string): [string, { key: string; headers: MessageHeaders; payload: unknown }[]] => [
    CASES_TOPIC.name,
    [
      {
        key: `case-${caseId}`,
        headers: {
          eventId,
          type: 'CaseReturnedToPolice',
          schemaVersion: 1,
          correlationId: 'corr-panel',
          occurredAt: new Date().toISOString(),
        },
        payload: {
          caseId,
          area: 'E08000025',
          referralId,
          reason: 'consent-refused',
          returnedAt: '2025-04-01T10:00:00.000Z',
        },
      },
    ],
  ];

  it('reopens the referral when the panel returns the case, exactly once though the message comes twice', async () => {
    const transport = intake.app.get(MessageTransport);
    const messageId = integrationMessageId(randomUUID(), 'CaseReturnedToPolice', 1);
    await transport.publish(...returned(messageId));
    await transport.publish(...returned(messageId));
    const metrics = await eventually(
      async () => (await request(intake.url).get('/metrics')).text,
      (text) => /messaging_inbox_messages_total\{group="[^"]+",outcome="duplicate"[^}]*\} 1/.test(text),
    );
    expect(metrics).toMatch(
      new RegExp(`messaging_inbox_messages_total\\{group="${GROUP}",outcome="handled"[^}]*\\} 1`),
    );
    const reopened = await reopenings();
    expect(reopened).toHaveLength(1);
    expect(reopened[0]).toMatchObject({
      data: { referralId, caseId, returnReason: 'consent-refused' },
      actor: { id: 'system:channel-panel', role: 'system' },
      causationId: messageId,
      correlationId: 'corr-panel',
    });
    // the relay and the consumer are on the app's /metrics
    expect(metrics).toMatch(/^messaging_relay_lag_seconds\{relay="referral-intake\.relay"[^}]*\} \d/m);
    expect(metrics).toMatch(
      new RegExp(`^messaging_consumer_lag\\{group="${GROUP}",topic="channel-panel\\.cases"`, 'm'),
    );
  });

  it('does not reopen twice when a crash came between its append and the inbox’s commit', async () => {
    const messageId = integrationMessageId(randomUUID(), 'CaseReturnedToPolice', 1);
    // the first delivery appended its reopening, then the process died before the inbox committed
    await append(
      referralStream(referralId),
      [
        {
          type: 'ReferralReopened',
          data: { referralId, caseId, returnReason: 'consent-refused', reopenedAt: '2025-04-02T10:00:00.000Z' },
        },
      ],
      messageId,
    );
    // ...and meanwhile the police decided again, to Channel: a second reopening would be accepted by the decider
    await append(referralStream(referralId), [
      {
        type: 'ReferralDecided',
        data: {
          referralId,
          decisionNumber: 2,
          outcome: 'referred-to-channel',
          channelArea: 'E08000025',
          decidedBy: 'officer-1',
          rationale: sealed('again', subjectId),
          decidedAt: '2025-04-03T10:00:00.000Z',
        },
      },
    ]);
    const before = (await reopenings()).length;
    await intake.app.get(MessageTransport).publish(...returned(messageId));
    await eventually(
      async () => (await request(intake.url).get('/metrics')).text,
      (text) => new RegExp(`messaging_inbox_messages_total\\{group="${GROUP}",outcome="handled"[^}]*\\} 2`).test(text),
    );
    expect((await reopenings()).length).toBe(before);
  });
});
