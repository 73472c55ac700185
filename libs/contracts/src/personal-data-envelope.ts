import type { JsonSchema } from './contract.js';

/**
 * Personal data on a topic (ADR 026, ADR 052): only as the personal-data cipher's envelope, sealed
 * under the key of the person it is about (`s`, their pseudonymous subject id), in fields the
 * contract names one by one. Only consumers allowed the key store (the shared `personal_data`
 * schema) can open it; destroying the person's key erases it on the topics too.
 */
export interface PersonalDataEnvelope {
  readonly $pd: 1;
  /** The subject whose key seals the value. */
  readonly s: string;
  readonly iv: string;
  readonly ct: string;
  readonly tag: string;
}

/** The services that have no access to the key store, and so may consume no contract with an envelope. */
export const SERVICES_WITHOUT_KEY_STORE = ['compliance-reporting'] as const;

const TITLE = 'PersonalDataEnvelope';
const base64 = (description: string): JsonSchema => ({
  type: 'string',
  pattern: '^[A-Za-z0-9+/]*={0,2}$',
  minLength: 1,
  description,
});

const ENVELOPE: JsonSchema = {
  title: TITLE,
  type: 'object',
  additionalProperties: false,
  required: ['$pd', 's', 'iv', 'ct', 'tag'],
  properties: {
    $pd: { const: 1, description: 'Envelope format version.' },
    s: { type: 'string', format: 'uuid', description: 'Subject id: whose key seals the value.' },
    iv: base64('AES-256-GCM nonce (base64).'),
    ct: base64('Ciphertext of the JSON value (base64).'),
    tag: base64('Authentication tag (base64); the subject id is the additional authenticated data.'),
  },
};

/** The schema of one field that carries a personal value sealed under the subject's key. */
export function personalDataEnvelopeSchema(description: string): JsonSchema {
  return { ...ENVELOPE, description: `${description} Sealed under the subject's key (personal-data envelope).` };
}

/** Whether a schema node is a personal-data envelope (as {@link personalDataEnvelopeSchema} makes it). */
export function isPersonalDataEnvelopeSchema(node: unknown): boolean {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  const { description: _description, ...rest } = node as Record<string, unknown>;
  return rest.title === TITLE && JSON.stringify(rest) === JSON.stringify(ENVELOPE);
}

/** JSON pointers (into the payload) of the fields whose schema is a personal-data envelope. */
export function personalDataFields(schema: JsonSchema): string[] {
  const found: string[] = [];
  const visit = (node: unknown, path: string) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    const record = node as Record<string, unknown>;
    for (const [name, property] of Object.entries((record.properties ?? {}) as Record<string, unknown>)) {
      if (isPersonalDataEnvelopeSchema(property)) found.push(`${path}/${name}`);
      else visit(property, `${path}/${name}`);
    }
    if (record.items) visit(record.items, `${path}/*`);
  };
  visit(schema, '');
  return found;
}
