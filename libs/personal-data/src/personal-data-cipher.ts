import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES, KeyStore } from './key-store.js';
import { InvalidPersonalDataInputError, PersonalDataIntegrityError } from './personal-data.errors.js';

/**
 * A personal value encrypted under its data subject's key, as it is stored in events, topics
 * and logs. JSON-safe: `{ "$pd": 1, "s": subjectId, "iv", "ct", "tag" }` (base64).
 */
export interface Protected {
  readonly $pd: 1;
  /** The data subject whose key encrypts the value. */
  readonly s: string;
  readonly iv: string;
  readonly ct: string;
  readonly tag: string;
}

/** What `reveal` puts where a value was encrypted under a destroyed (crypto-shredded) key. */
export interface Erased {
  readonly $erased: true;
  readonly subjectId: string;
}

export function isProtected(value: unknown): value is Protected {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.$pd === 1 &&
    typeof candidate.s === 'string' &&
    typeof candidate.iv === 'string' &&
    typeof candidate.ct === 'string' &&
    typeof candidate.tag === 'string'
  );
}

export function erased(subjectId: string): Erased {
  return { $erased: true, subjectId };
}

export function isErased(value: unknown): value is Erased {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as Record<string, unknown>).$erased === true &&
    typeof (value as Record<string, unknown>).subjectId === 'string'
  );
}

/** The erased-marker helpers, grouped. */
export const ERASED = Object.freeze({ marker: erased, is: isErased });

const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Encrypts personal values per data subject (AES-256-GCM under the subject's data key) before
 * they reach an event, and decrypts them on the way out. The subject id is the AAD, so an
 * envelope moved to another subject fails authentication.
 */
export class PersonalDataCipher {
  constructor(private readonly keyStore: KeyStore) {}

  async protect<T>(subjectId: string, value: T): Promise<Protected> {
    const key = await this.keyStore.getOrCreateKey(subjectId);
    return seal(key, subjectId, value);
  }

  /**
   * A copy of `data` with the fields at `fieldPaths` (dot paths; `*` stands for every element of
   * an array or every key of an object) replaced by envelopes. Absent fields are left absent.
   */
  async protectFields<T>(data: T, subjectId: string, fieldPaths: readonly string[]): Promise<T> {
    const copy = structuredClone(data);
    const key = await this.keyStore.getOrCreateKey(subjectId);
    for (const path of fieldPaths) {
      const segments = path.split('.');
      if (!path || segments.some((segment) => segment === '')) {
        throw new InvalidPersonalDataInputError('A personal field path must be a dot path without empty segments');
      }
      replaceAt(copy, segments, (value) => seal(key, subjectId, value));
    }
    return copy;
  }

  /**
   * Decrypts every envelope anywhere in `data`, fetching all the subjects' keys in one call.
   * An envelope whose key was destroyed (or never existed) becomes the erased marker; an
   * envelope that fails authentication throws PersonalDataIntegrityError.
   */
  async reveal<T>(data: unknown): Promise<T> {
    const subjects = new Set<string>();
    collectSubjects(data, subjects);
    if (subjects.size === 0) return structuredClone(data) as T;
    const keys = await this.keyStore.findKeys([...subjects]);
    return open(data, keys) as T;
  }
}

function seal(key: Buffer, subjectId: string, value: unknown): Protected {
  checkKey(key);
  const json = JSON.stringify(value);
  if (json === undefined) throw new InvalidPersonalDataInputError('A personal value must be serialisable as JSON');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(subjectId));
  const ct = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return {
    $pd: 1,
    s: subjectId,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

function unseal(key: Buffer, envelope: Protected): unknown {
  checkKey(key);
  for (const field of ['iv', 'ct', 'tag'] as const) {
    if (!BASE64.test(envelope[field])) throw new PersonalDataIntegrityError(`${field} is not base64`);
  }
  const iv = Buffer.from(envelope.iv, 'base64');
  const tag = Buffer.from(envelope.tag, 'base64');
  if (iv.length !== IV_BYTES) throw new PersonalDataIntegrityError('wrong IV length');
  if (tag.length !== TAG_BYTES) throw new PersonalDataIntegrityError('wrong tag length');
  let json: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad(envelope.s));
    decipher.setAuthTag(tag);
    json = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new PersonalDataIntegrityError('authentication failed');
  }
  return JSON.parse(json);
}

function aad(subjectId: string): Buffer {
  return Buffer.from(`$pd:1:${subjectId}`, 'utf8');
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== DATA_KEY_BYTES) {
    throw new InvalidPersonalDataInputError('A data key must be 32 bytes');
  }
}

function replaceAt(container: unknown, segments: readonly string[], replace: (value: unknown) => unknown): void {
  if (container === null || typeof container !== 'object') return;
  const [head, ...rest] = segments;
  const target = container as Record<string, unknown>;
  const names = head === '*' ? Object.keys(target) : Object.hasOwn(target, head) ? [head] : [];
  for (const name of names) {
    if (rest.length === 0) {
      if (target[name] !== undefined && !isProtected(target[name])) target[name] = replace(target[name]);
    } else {
      replaceAt(target[name], rest, replace);
    }
  }
}

function collectSubjects(value: unknown, subjects: Set<string>): void {
  if (value === null || typeof value !== 'object') return;
  if (isProtected(value)) {
    subjects.add(value.s);
    return;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) collectSubjects(item, subjects);
}

function open(value: unknown, keys: Map<string, Buffer | 'destroyed'>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isProtected(value)) {
    const key = keys.get(value.s);
    return key === undefined || key === 'destroyed' ? erased(value.s) : unseal(key, value);
  }
  if (Array.isArray(value)) return value.map((item) => open(item, keys));
  if (value instanceof Date) return new Date(value);
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, open(item, keys)]));
}
