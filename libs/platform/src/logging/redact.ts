/**
 * Keys whose values are personal data (or secrets) and never reach a log line. Matched
 * case-insensitively, ignoring `_` and `-`, so `first_name`, `firstName` and `First-Name`
 * are one key.
 */
export const REDACTED_KEYS: ReadonlySet<string> = new Set(
  [
    'name',
    'firstName',
    'middleName',
    'lastName',
    'surname',
    'givenName',
    'familyName',
    'fullName',
    'preferredName',
    'alias',
    'aliases',
    'dateOfBirth',
    'dob',
    'birthDate',
    'address',
    'addressLine1',
    'addressLine2',
    'addressLine3',
    'street',
    'postcode',
    'postalCode',
    'email',
    'emailAddress',
    'phone',
    'phoneNumber',
    'telephone',
    'mobile',
    'nhsNumber',
    'nationalInsuranceNumber',
    'niNumber',
    'passportNumber',
    'ethnicity',
    'religion',
    'password',
    'secret',
    'token',
    'accessToken',
    'refreshToken',
    'authorization',
    'cookie',
  ].map(normaliseKey),
);

export const REDACTED = '[redacted]';

function normaliseKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

export function isRedactedKey(key: string): boolean {
  return REDACTED_KEYS.has(normaliseKey(key));
}

/** A JSON-safe copy of `value` with every personal-data key's value replaced, at any depth. */
export function redact(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  if (value instanceof Map) return redact(Object.fromEntries(value), seen);
  if (value instanceof Set) return redact([...value], seen);
  const copy: Record<string, unknown> =
    value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isRedactedKey(key) ? REDACTED : redact(item, seen);
  }
  return copy;
}
