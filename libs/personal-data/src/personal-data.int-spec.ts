import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import {
  ERASED,
  installPostgresKeyStore,
  isErased,
  isProtected,
  KeyStore,
  KeyUnwrapError,
  PersonalDataCipher,
  PersonalDataIntegrityError,
  PostgresKeyStore,
  SubjectKeyDestroyedError,
  type KeyDestruction,
  type Protected,
} from './index.js';

const SCHEMA = 'personal_data';

/** A real key store that counts how often reveal asks it for keys. */
class CountingKeyStore extends KeyStore {
  findKeysCalls = 0;
  constructor(private readonly inner: KeyStore) {
    super();
  }
  getOrCreateKey(subjectId: string) {
    return this.inner.getOrCreateKey(subjectId);
  }
  findKeys(subjectIds: readonly string[]) {
    this.findKeysCalls += 1;
    return this.inner.findKeys(subjectIds);
  }
  destroyKey(subjectId: string, by: KeyDestruction) {
    return this.inner.destroyKey(subjectId, by);
  }
  isDestroyed(subjectId: string) {
    return this.inner.isDestroyed(subjectId);
  }
}

const subject = () => `subject-${randomBytes(6).toString('hex')}`;
const erasure = { actorId: 'dpo-1', reason: 'Retention period ended' };

describe('personal data protection on PostgreSQL', () => {
  let db: TestDatabase;
  let kek: Buffer;
  let keys: PostgresKeyStore;
  let cipher: PersonalDataCipher;

  beforeAll(async () => {
    db = await createTestDatabase('pd');
    await Promise.all([installPostgresKeyStore(db.pool, SCHEMA), installPostgresKeyStore(db.pool, SCHEMA)]);
    await installPostgresKeyStore(db.pool, SCHEMA);
    kek = randomBytes(32);
    keys = new PostgresKeyStore({ pool: db.pool, schema: SCHEMA, keyEncryptionKey: kek });
    cipher = new PersonalDataCipher(keys);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('round-trips any JSON value through a JSON-safe envelope', async () => {
    const id = subject();
    for (const value of ['Amira Khan', { born: '2008-02-29', tags: ['a', 'é✓'] }, [1, 2], 0, false, null]) {
      const envelope = await cipher.protect(id, value);
      expect(isProtected(envelope)).toBe(true);
      expect(Object.keys(envelope).sort()).toEqual(['$pd', 'ct', 'iv', 's', 'tag']);
      expect(envelope).toMatchObject({ $pd: 1, s: id });
      expect(Buffer.from(envelope.iv, 'base64')).toHaveLength(12);
      expect(JSON.parse(JSON.stringify(envelope))).toEqual(envelope);
      expect(JSON.stringify(envelope)).not.toContain('Amira');
      expect(await cipher.reveal(envelope)).toEqual(value);
    }
    const a = await cipher.protect(id, 'same');
    const b = await cipher.protect(id, 'same');
    expect(a.ct === b.ct && a.iv === b.iv).toBe(false);
  });

  it('protects chosen fields of a copy and reveals them with one key lookup', async () => {
    const id = subject();
    const data = {
      referralId: 'R-1',
      person: { name: 'Amira Khan', dateOfBirth: '2008-02-29', address: undefined },
      contacts: [{ name: 'Parent', phone: '0700' }, { name: 'Teacher' }],
      concernCode: 'MIXED',
    };
    const protectedData = await cipher.protectFields(data, id, [
      'person.name',
      'person.address',
      'contacts.*.name',
      'missing.field',
    ]);
    expect(data.person.name).toBe('Amira Khan');
    expect(isProtected(protectedData.person.name)).toBe(true);
    expect(isProtected(protectedData.contacts[0].name)).toBe(true);
    expect(isProtected(protectedData.contacts[1].name)).toBe(true);
    expect(protectedData.person.dateOfBirth).toBe('2008-02-29');
    expect(protectedData.contacts[0].phone).toBe('0700');
    expect(protectedData.person.address).toBeUndefined();
    expect('missing' in protectedData).toBe(false);
    expect(JSON.stringify(protectedData)).not.toMatch(/Amira|Parent|Teacher/);

    const counting = new CountingKeyStore(keys);
    const revealing = new PersonalDataCipher(counting);
    const other = subject();
    const mixed = { first: protectedData, second: await cipher.protectFields({ name: 'Other' }, other, ['name']) };
    expect(await revealing.reveal(mixed)).toEqual({ first: data, second: { name: 'Other' } });
    expect(counting.findKeysCalls).toBe(1);
    await expect(revealing.reveal({ plain: true })).resolves.toEqual({ plain: true });
    expect(counting.findKeysCalls).toBe(1);
  });

  it('gives one key to concurrent first calls for the same subject', async () => {
    const id = subject();
    const stores = Array.from(
      { length: 8 },
      () => new PostgresKeyStore({ pool: db.pool, schema: SCHEMA, keyEncryptionKey: kek }),
    );
    const results = await Promise.all(stores.flatMap((store) => [store.getOrCreateKey(id), store.getOrCreateKey(id)]));
    expect(results[0]).toHaveLength(32);
    for (const key of results) expect(key.equals(results[0])).toBe(true);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.subject_keys WHERE subject_id = $1`,
      [id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('stores the data key wrapped, never as it is', async () => {
    const id = subject();
    const key = await keys.getOrCreateKey(id);
    const { rows } = await db.pool.query<{ wrapped_key: Buffer }>(
      `SELECT wrapped_key FROM ${SCHEMA}.subject_keys WHERE subject_id = $1`,
      [id],
    );
    const wrapped = rows[0].wrapped_key;
    expect(wrapped.equals(key)).toBe(false);
    expect(wrapped.includes(key)).toBe(false);
    expect(wrapped.includes(key.subarray(0, 8))).toBe(false);
    expect(wrapped.length).toBeGreaterThan(key.length);
  });

  it('erases only the destroyed subject’s fields; other subjects and non-personal fields stay readable', async () => {
    const [gone, kept] = [subject(), subject()];
    const event = {
      decision: 'adopted',
      decidedOn: '2024-05-01',
      vulnerabilityCodes: ['V12', 'V19'],
      subject: await cipher.protectFields({ name: 'Amira Khan', religion: 'x' }, gone, ['name', 'religion']),
      referrer: await cipher.protectFields({ name: 'PC Jones', force: 'Met' }, kept, ['name']),
    };
    await keys.destroyKey(gone, erasure);
    const revealed = await cipher.reveal<typeof event>(event);
    expect(revealed).toEqual({
      decision: 'adopted',
      decidedOn: '2024-05-01',
      vulnerabilityCodes: ['V12', 'V19'],
      subject: { name: { $erased: true, subjectId: gone }, religion: ERASED.marker(gone) },
      referrer: { name: 'PC Jones', force: 'Met' },
    });
    expect(isErased(revealed.subject.name)).toBe(true);
    expect(isErased(revealed.referrer.name)).toBe(false);

    expect(await keys.isDestroyed(gone)).toBe(true);
    expect(await keys.isDestroyed(kept)).toBe(false);
    await expect(keys.getOrCreateKey(gone)).rejects.toBeInstanceOf(SubjectKeyDestroyedError);
    await expect(cipher.protect(gone, 'new data')).rejects.toBeInstanceOf(SubjectKeyDestroyedError);
    expect((await keys.findKeys([gone, kept, subject()])).get(gone)).toBe('destroyed');

    const row = async () =>
      (
        await db.pool.query(
          `SELECT wrapped_key, destroyed_at, destroyed_by, destruction_reason FROM ${SCHEMA}.subject_keys WHERE subject_id = $1`,
          [gone],
        )
      ).rows[0];
    const first = await row();
    expect(first).toMatchObject({
      wrapped_key: null,
      destroyed_by: 'dpo-1',
      destruction_reason: 'Retention period ended',
    });
    expect(first.destroyed_at).toBeInstanceOf(Date);
    await keys.destroyKey(gone, { actorId: 'someone-else', reason: 'again' });
    expect(await row()).toEqual(first);
    await expect(
      db.pool.query(
        `UPDATE ${SCHEMA}.subject_keys SET wrapped_key = '\\x00', destroyed_at = NULL WHERE subject_id = $1`,
        [gone],
      ),
    ).rejects.toThrow(/cannot be restored/);
    await expect(db.pool.query(`DELETE FROM ${SCHEMA}.subject_keys WHERE subject_id = $1`, [gone])).rejects.toThrow(
      /kept/,
    );
  });

  it('records an erasure for a subject that never had a key, so none is created later', async () => {
    const id = subject();
    expect((await keys.findKeys([id])).has(id)).toBe(false);
    await keys.destroyKey(id, erasure);
    expect(await keys.isDestroyed(id)).toBe(true);
    await expect(keys.getOrCreateKey(id)).rejects.toBeInstanceOf(SubjectKeyDestroyedError);
  });

  it('binds ciphertext to its subject: an envelope moved to another subject does not decrypt', async () => {
    const [victim, other] = [subject(), subject()];
    await keys.getOrCreateKey(other);
    const envelope = await cipher.protect(victim, 'Amira Khan');
    const moved: Protected = { ...envelope, s: other };
    const error = await cipher.reveal(moved).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PersonalDataIntegrityError);
    expect((error as PersonalDataIntegrityError).code).toBe('personal-data.integrity');
    expect(String((error as Error).message)).not.toMatch(/Amira|subject-/);

    const [otherKey, victimKey] = [await keys.getOrCreateKey(other), await keys.getOrCreateKey(victim)];
    expect(otherKey.equals(victimKey)).toBe(false);
  });

  it('throws a typed error for a tampered envelope, never the erased marker', async () => {
    const id = subject();
    const envelope = await cipher.protect(id, { name: 'Amira Khan' });
    const flip = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    for (const tampered of [
      { ...envelope, ct: flip(envelope.ct) },
      { ...envelope, tag: flip(envelope.tag) },
      { ...envelope, iv: flip(envelope.iv) },
      { ...envelope, iv: 'AAAA' },
      { ...envelope, ct: '***' },
    ]) {
      await expect(cipher.reveal({ nested: [tampered] })).rejects.toBeInstanceOf(PersonalDataIntegrityError);
    }
  });

  it('fails clearly with the wrong key-encryption key, without revealing anything', async () => {
    const id = subject();
    const envelope = await cipher.protect(id, 'Amira Khan');
    const wrong = new PostgresKeyStore({ pool: db.pool, schema: SCHEMA, keyEncryptionKey: randomBytes(32) });
    await expect(wrong.getOrCreateKey(id)).rejects.toBeInstanceOf(KeyUnwrapError);
    await expect(wrong.findKeys([id])).rejects.toBeInstanceOf(KeyUnwrapError);
    const error = await new PersonalDataCipher(wrong).reveal(envelope).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeyUnwrapError);
    expect((error as KeyUnwrapError).message).toMatch(/key-encryption key/);
    expect(() => new PostgresKeyStore({ pool: db.pool, schema: SCHEMA, keyEncryptionKey: randomBytes(16) })).toThrow(
      /32 bytes/,
    );
  });

  it('refuses a value that JSON cannot carry, without echoing it', async () => {
    await expect(cipher.protect(subject(), undefined)).rejects.toThrow(/JSON/);
  });
});
