import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Module } from '@nestjs/common';
import { REFERRALS_TOPIC, type ReferralReceivedV1 } from '@lib/contracts';
import { EventStore, type RecordedEvent } from '@lib/event-store';
import { MessageTransport, type IncomingMessage, type OutgoingMessageWithTopic } from '@lib/messaging';
import type pg from 'pg';
import request from 'supertest';
import { startTestApp, type RunningTestApp } from '../../../testing/src/service-app.js';
import { startTestIssuer, type TestIssuer } from '../../../testing/src/test-issuer.js';
import { createTestDatabase, type TestDatabase } from '../../../testing/src/test-postgres.js';
import { PlatformModule } from '../platform.module.js';
import { IntegrationEventConsumer, IntegrationEventMapping } from './messaging.options.js';

const TOPIC = REFERRALS_TOPIC.name;
const GROUP = 'msg-consumer.referrals';

/** The publishing service's mapping: a private domain event → ReferralReceived.v1. */
@Injectable()
class TestMapping extends IntegrationEventMapping {
  map(event: RecordedEvent): OutgoingMessageWithTopic[] {
    if (event.type !== 'ReferralRecorded') return [];
    const data = event.data as { referralId: string; age: number; name: string };
    const payload: ReferralReceivedV1 = {
      referralId: data.referralId,
      area: 'E08000025',
      region: 'E12000005',
      sector: 'education',
      concernTypes: { codeList: 'concern-types-2024', codes: ['islamist'] },
      ageAtReferral: data.age,
      gender: 'female',
      receivedAt: event.recordedAt.toISOString(),
    };
    return [{ topic: TOPIC, type: 'ReferralReceived', version: 1, payload }];
  }
}

/** The consuming service's effect: a row in its own schema, on the inbox's transaction. */
@Injectable()
class TestConsumer extends IntegrationEventConsumer {
  readonly groupId = GROUP;
  readonly topics = [TOPIC];
  readonly types = ['ReferralReceived'];

  async handle(message: IncomingMessage, tx: pg.PoolClient): Promise<void> {
    const payload = message.payload as ReferralReceivedV1;
    await tx.query('INSERT INTO msg_consumer.received (referral_id, age) VALUES ($1, $2)', [
      payload.referralId,
      payload.ageAtReferral,
    ]);
  }
}

@Module({
  imports: [
    PlatformModule.forRoot({
      name: 'msg-publisher',
      schema: 'msg_publisher',
      personalData: false,
      messaging: { relay: { mapping: TestMapping, categories: ['referral'] } },
    }),
  ],
  providers: [TestMapping],
})
class PublisherModule {}

@Module({
  imports: [
    PlatformModule.forRoot({
      name: 'msg-consumer',
      schema: 'msg_consumer',
      personalData: false,
      messaging: { consumers: [TestConsumer] },
    }),
  ],
  providers: [TestConsumer],
})
class ConsumerModule {}

@Module({
  imports: [
    PlatformModule.forRoot({
      name: 'msg-broken',
      schema: 'msg_broken',
      personalData: false,
      messaging: { relay: { mapping: TestMapping } },
    }),
  ],
})
class MappingNotProvidedModule {}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(25);
  }
}

describe('messaging through the platform: two services on one embedded PostgreSQL', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let publisher: RunningTestApp;
  let consumer: RunningTestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('msg');
    issuer = await startTestIssuer({ audience: 'urn:prevent:api' });
    env = { DATABASE_URL: db.url, OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: 'urn:prevent:api' };
    consumer = await startTestApp(ConsumerModule, 'msg-consumer', env);
    await db.pool.query(`
      CREATE TABLE msg_consumer.received (referral_id text NOT NULL, age integer NOT NULL);
      GRANT INSERT, SELECT ON msg_consumer.received TO msg_consumer_app;`);
    publisher = await startTestApp(PublisherModule, 'msg-publisher', env);
  });
  afterAll(async () => {
    await publisher?.close();
    await consumer?.close();
    await issuer?.close();
    await db?.drop();
  });

  const received = async (referralId: string) =>
    (await db.pool.query('SELECT age FROM msg_consumer.received WHERE referral_id = $1', [referralId])).rows;

  it('installs the log at boot and makes each service’s role a member of the log’s role; both are ready', async () => {
    for (const running of [publisher, consumer]) {
      const response = await request(running.url).get('/health/ready').expect(200);
      expect(response.body.checks.messaging).toEqual({ status: 'up' });
    }
    const { rows } = await db.pool.query(
      `SELECT m.rolname AS member FROM pg_auth_members a
         JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
        WHERE r.rolname = 'messaging_app' ORDER BY 1`,
    );
    // roles are cluster-wide: other databases' services may be members too
    expect(rows.map((row) => row.member)).toEqual(expect.arrayContaining(['msg_consumer_app', 'msg_publisher_app']));
    const inbox = await db.pool.query(`SELECT to_regclass('msg_consumer.inbox') AS inbox`);
    expect(inbox.rows[0].inbox).toBe('msg_consumer.inbox');
  });

  it('relays a mapped domain event that the other service’s consumer handles exactly once, even delivered twice', async () => {
    const referralId = randomUUID();
    const streamId = `referral-${referralId}`;
    await publisher.app.get(EventStore).appendToStream(
      streamId,
      [
        { type: 'ReferralRecorded', data: { referralId, age: 15, name: 'Jane Doe' } },
        { type: 'OfficerAssigned', data: { officer: 'o-1' } },
      ],
      { expectedRevision: 'no_stream', actor: { id: 'officer-1', role: 'police-officer' }, correlationId: 'c-1' },
    );
    expect(
      await eventually(
        () => received(referralId),
        (rows) => rows.length > 0,
      ),
    ).toEqual([{ age: 15 }]);

    // the message as it went over the wire: keyed by the stream, statistical fields only
    const { rows } = await db.pool.query(`SELECT key, headers, payload FROM messaging.messages WHERE key = $1`, [
      streamId,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].headers).toMatchObject({ type: 'ReferralReceived', schemaVersion: 1, correlationId: 'c-1' });
    expect(JSON.stringify(rows[0].payload)).not.toContain('Jane');

    // a relay that publishes again after a crash sends the same message id: no second effect
    await publisher.app
      .get(MessageTransport)
      .publish(TOPIC, [{ key: rows[0].key, headers: rows[0].headers, payload: rows[0].payload }]);
    const duplicates = await eventually(
      async () => (await request(consumer.url).get('/metrics')).text,
      (text) =>
        text.includes(`messaging_inbox_messages_total{group="${GROUP}",outcome="duplicate",app="msg-consumer"} 1`),
    );
    expect(duplicates).toContain(
      `messaging_inbox_messages_total{group="${GROUP}",outcome="handled",app="msg-consumer"} 1`,
    );
    expect(await received(referralId)).toEqual([{ age: 15 }]);
  });

  it('shows the relay on the publisher’s /metrics and the consumer’s lag and delay on the consumer’s', async () => {
    const published = (await request(publisher.url).get('/metrics').expect(200)).text;
    expect(published).toMatch(/^messaging_relay_lag_seconds\{relay="msg-publisher\.relay",app="msg-publisher"\} 0$/m);
    expect(published).toMatch(
      /^messaging_relay_published_total\{relay="msg-publisher\.relay",topic="referral-intake\.referrals",type="ReferralReceived",app="msg-publisher"\} [1-9]/m,
    );
    const consumed = (await request(consumer.url).get('/metrics').expect(200)).text;
    expect(consumed).toMatch(
      new RegExp(
        `^messaging_consumer_lag\\{group="${GROUP}",topic="referral-intake\\.referrals",partition="\\d+",app="msg-consumer"\\} 0$`,
        'm',
      ),
    );
    expect(consumed).toMatch(
      new RegExp(`^messaging_consumer_delay_seconds_count\\{app="msg-consumer",group="${GROUP}"\\} 1$`, 'm'),
    );
    // the consumer relays nothing, yet its relay lag family is there for the dashboards
    expect(consumed).toContain('# TYPE messaging_relay_lag_seconds gauge');
  });

  it('stops in order on shutdown: the relay stores its checkpoint, the consumer commits its offset', async () => {
    const second = await startTestApp(PublisherModule, 'msg-publisher', env);
    await second.close();
    const checkpoint = await db.pool.query(
      `SELECT 1 FROM msg_publisher.subscription_checkpoints WHERE subscription_id = 'msg-publisher.relay'`,
    );
    expect(checkpoint.rowCount).toBe(1);
    const offsets = await db.pool.query(`SELECT 1 FROM messaging.consumer_offsets WHERE group_id = $1`, [GROUP]);
    expect(offsets.rowCount).toBeGreaterThan(0);
  });

  it('refuses to boot on a malformed EVENT_TRANSPORT, naming it', async () => {
    await expect(
      startTestApp(PublisherModule, 'msg-publisher', { ...env, EVENT_TRANSPORT: 'rabbitmq' }),
    ).rejects.toThrow('Invalid configuration: EVENT_TRANSPORT must be one of postgres, kafka (got "rabbitmq")');
    await expect(startTestApp(PublisherModule, 'msg-publisher', { ...env, EVENT_TRANSPORT: 'kafka' })).rejects.toThrow(
      'Invalid configuration: KAFKA_BROKERS is required when EVENT_TRANSPORT=kafka',
    );
  });

  it('refuses to boot when the relay’s mapping is provided nowhere, naming it', async () => {
    await expect(startTestApp(MappingNotProvidedModule, 'msg-broken', env)).rejects.toThrow(
      'Messaging: no provider for TestMapping',
    );
  });
});
