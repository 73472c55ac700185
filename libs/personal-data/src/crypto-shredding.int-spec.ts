import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  installPostgresEventStore,
  PostgresEventStore,
  verifyPostgresHistory,
  type AppendOptions,
  type RecordedEvent,
} from '@lib/event-store';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import { ERASED, installPostgresKeyStore, isErased, PersonalDataCipher, PostgresKeyStore } from './index.js';

/**
 * Erasure in an immutable history (domain §7): personal fields are encrypted per person before
 * they reach the event store; destroying one person's key makes exactly their fields unreadable,
 * while the codes, dates and decisions stay, and the hash chain still holds.
 */
describe('crypto-shredding personal data in the PostgreSQL event store', () => {
  const EVENTS = 'shred_events';
  const KEYS = 'shred_keys';
  const referred = `person-${randomUUID()}`;
  const parent = `person-${randomUUID()}`;
  const streamId = `referral-${randomUUID()}`;
  const context = (expectedRevision: AppendOptions['expectedRevision']): AppendOptions => ({
    expectedRevision,
    actor: { id: 'officer-42', role: 'police-officer' },
    reason: 'Referral from a school',
    correlationId: randomUUID(),
  });

  let db: TestDatabase;
  let store: PostgresEventStore;
  let keys: PostgresKeyStore;
  let cipher: PersonalDataCipher;
  let before: RecordedEvent[];

  beforeAll(async () => {
    db = await createTestDatabase('shred');
    await installPostgresEventStore(db.pool, EVENTS);
    await installPostgresKeyStore(db.pool, KEYS);
    store = new PostgresEventStore({ pool: db.pool, schema: EVENTS });
    keys = new PostgresKeyStore({ pool: db.pool, schema: KEYS, keyEncryptionKey: randomBytes(32) });
    cipher = new PersonalDataCipher(keys);

    const received = {
      receivedOn: '2024-03-01',
      concernCode: 'EXTREME_RIGHT_WING',
      person: await cipher.protectFields(
        { name: 'Amira Khan', dateOfBirth: '2008-02-29', religion: 'Muslim', ageBand: '16-17' },
        referred,
        ['name', 'dateOfBirth', 'religion'],
      ),
      parent: await cipher.protectFields({ name: 'Sara Khan', relationship: 'mother' }, parent, ['name']),
    };
    const assessed = {
      outcome: 'refer-to-channel',
      vulnerabilityCodes: ['ENG-03', 'INT-01'],
      notes: await cipher.protect(referred, 'Talks about a chat group; mother worried'),
    };
    const decided = {
      decision: 'adopted',
      decidedOn: '2024-04-15',
      consentGivenBy: await cipher.protect(parent, { name: 'Sara Khan', phone: '07700 900123' }),
    };
    await store.appendToStream(
      streamId,
      [
        { type: 'ReferralReceived', data: received },
        { type: 'GatewayAssessmentCompleted', data: assessed },
      ],
      context('no_stream'),
    );
    await store.appendToStream(streamId, [{ type: 'PanelDecisionRecorded', data: decided }], context(1));
    before = (await store.readStream(streamId)).events;
  });

  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('stores only ciphertext for personal fields', async () => {
    const { rows } = await db.pool.query<{ data: string }>(`SELECT data::text AS data FROM ${EVENTS}.events`);
    expect(rows).toHaveLength(3);
    for (const { data } of rows) expect(data).not.toMatch(/Amira|Sara|Muslim|2008-02-29|chat group|07700/);
    expect(rows.map((row) => row.data).join()).toContain('EXTREME_RIGHT_WING');
  });

  it('reveals everything while both keys exist', async () => {
    const revealed = await cipher.reveal<Record<string, unknown>[]>(before.map((event) => event.data));
    expect(revealed[0]).toMatchObject({
      person: { name: 'Amira Khan', religion: 'Muslim' },
      parent: { name: 'Sara Khan' },
    });
    expect(revealed[2]).toMatchObject({ consentGivenBy: { name: 'Sara Khan', phone: '07700 900123' } });
    expect(await verifyPostgresHistory(db.pool, EVENTS)).toEqual({ streamsChecked: 1, eventsChecked: 3, breaks: [] });
  });

  it("erases exactly the shredded person's fields, keeps the rest, and leaves the hash chain whole", async () => {
    await keys.destroyKey(referred, { actorId: 'dpo-1', reason: 'NFA after 3 years: retention ended' });

    const { events: after } = await store.readStream(streamId);
    // The history itself is untouched: same events, same stored ciphertext, same hashes.
    expect(after).toEqual(before);

    const [received, assessed, decided] = await cipher.reveal<Record<string, unknown>[]>(
      after.map((event) => event.data),
    );
    const gone = ERASED.marker(referred);
    expect(received).toEqual({
      receivedOn: '2024-03-01',
      concernCode: 'EXTREME_RIGHT_WING',
      person: { name: gone, dateOfBirth: gone, religion: gone, ageBand: '16-17' },
      parent: { name: 'Sara Khan', relationship: 'mother' },
    });
    expect(assessed).toEqual({ outcome: 'refer-to-channel', vulnerabilityCodes: ['ENG-03', 'INT-01'], notes: gone });
    expect(decided).toEqual({
      decision: 'adopted',
      decidedOn: '2024-04-15',
      consentGivenBy: { name: 'Sara Khan', phone: '07700 900123' },
    });
    expect(isErased(assessed.notes)).toBe(true);

    // Who decided, in which role, when and why stays for audit.
    expect(after.map((event) => [event.type, event.actor.role, event.reason])).toEqual([
      ['ReferralReceived', 'police-officer', 'Referral from a school'],
      ['GatewayAssessmentCompleted', 'police-officer', 'Referral from a school'],
      ['PanelDecisionRecorded', 'police-officer', 'Referral from a school'],
    ]);

    // The global log reveals the same way. It shows only what every transaction older than the
    // oldest one still running has committed (ADR 003), and other test files run transactions
    // on the same server: wait for the horizon to pass these appends.
    let log = await store.readAll({ categories: ['referral'] });
    for (const deadline = Date.now() + 10_000; log.length < 3 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log = await store.readAll({ categories: ['referral'] });
    }
    expect(await cipher.reveal(log.map((event) => event.data))).toEqual([received, assessed, decided]);

    expect(await verifyPostgresHistory(db.pool, EVENTS)).toEqual({ streamsChecked: 1, eventsChecked: 3, breaks: [] });
  });
});
