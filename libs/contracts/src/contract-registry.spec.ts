import { describe, expect, it } from '@jest/globals';
import { ContractRegistry, ContractViolationError, tolerantSchema } from './contract-registry.js';
import { contractName, type IntegrationContract } from './contract.js';
import { INTEGRATION_CONTRACTS, INTEGRATION_TOPICS, integrationContracts } from './integration-contracts.js';
import {
  ReferralDecidedV1,
  ReferralReceivedV1,
  REFERRALS_TOPIC,
  ReferredToChannelV1,
} from './referral-intake/referrals.contracts.js';
import {
  isPersonalDataEnvelopeSchema,
  personalDataFields,
  SERVICES_WITHOUT_KEY_STORE,
} from './personal-data-envelope.js';
import { CaseOpenedV1 } from './channel-panel/cases.contracts.js';

const registry = integrationContracts();
const topic = REFERRALS_TOPIC.name;
const received = ReferralReceivedV1.example;

/** Field names that would mean personal data on a topic (domain §7). */
const PERSONAL_FIELDS =
  /name|birth|dob|address|postcode|email|phone|rationale|description|reason(Text)?$|notes|minutes|nhs/i;

describe('the integration contracts', () => {
  it('are each named after the publishing context and aggregate, with a past-tense wire name', () => {
    expect(registry.topics().map((t) => t.name)).toEqual(['referral-intake.referrals', 'channel-panel.cases']);
    expect(registry.contracts().map(contractName)).toEqual(
      expect.arrayContaining(['ReferralReceived.v1', 'CaseClosed.v1']),
    );
    expect(registry.contracts()).toHaveLength(INTEGRATION_CONTRACTS.length);
  });

  it.each(INTEGRATION_CONTRACTS.map((c) => [contractName(c), c] as const))(
    '%s: its example is valid',
    (_, contract) => {
      expect(registry.validate(contract.topic, contract.type, contract.version, contract.example)).toBeNull();
    },
  );

  it.each(INTEGRATION_CONTRACTS.map((c) => [contractName(c), c] as const))(
    '%s: carries no field that names personal data, unless the field is an envelope sealed under the subject’s key',
    (_, contract) => {
      const fields = fieldNames(contract.schema);
      expect(fields.filter((field) => PERSONAL_FIELDS.test(field) && field !== 'reason')).toEqual([]);
      expect(fields).not.toContain('dateOfBirth');
    },
  );

  it('carry personal data only in ReferredToChannel’s named fields, each an envelope', () => {
    const sealed = INTEGRATION_CONTRACTS.filter((c) => personalDataFields(c.schema).length > 0).map((c) => [
      contractName(c),
      personalDataFields(c.schema),
    ]);
    expect(sealed).toEqual([
      [
        'ReferredToChannel.v1',
        [
          '/personalDetails/name',
          '/personalDetails/otherNames',
          '/personalDetails/dateOfBirth',
          '/personalDetails/address',
          '/personalDetails/concern',
        ],
      ],
    ]);
  });

  it.each(SERVICES_WITHOUT_KEY_STORE.map((service) => [service] as const))(
    '%s has no access to the key store: none of the contracts it consumes has an envelope field',
    (service) => {
      const consumed = INTEGRATION_CONTRACTS.filter((c) => c.consumers.includes(service));
      expect(consumed.length).toBeGreaterThan(0);
      expect(consumed.filter((c) => personalDataFields(c.schema).length > 0).map(contractName)).toEqual([]);
    },
  );

  it('refuse a personal value in clear where an envelope belongs, and an envelope moved into a statistical field', () => {
    const example = ReferredToChannelV1.example;
    const inClear = { ...example, personalDetails: { ...example.personalDetails, name: 'Jane Doe' } };
    expect(registry.validate(topic, 'ReferredToChannel', 1, inClear)).toEqual(['/personalDetails/name must be object']);
    const { dateOfBirth, ...withoutBirth } = example.personalDetails;
    expect(registry.validate(topic, 'ReferredToChannel', 1, { ...example, personalDetails: withoutBirth })).toBeNull();
    expect(
      registry.validate(topic, 'ReferralReceived', 1, { ...ReferralReceivedV1.example, gender: dateOfBirth }),
    ).toEqual([expect.stringMatching(/^\/gender must be one of/)]);
    expect(
      registry.validate(topic, 'ReferredToChannel', 1, {
        ...example,
        personalDetails: { ...example.personalDetails, concern: { ...dateOfBirth, ct: 'not base64!' } },
      }),
    ).toEqual(['/personalDetails/concern/ct must match pattern "^[A-Za-z0-9+/]*={0,2}$"']);
  });

  it('a reason is a code from a closed list, never free text', () => {
    for (const contract of INTEGRATION_CONTRACTS) {
      const properties = (contract.schema.properties ?? {}) as Record<string, { enum?: unknown[] }>;
      if ('reason' in properties) expect(Array.isArray(properties.reason.enum)).toBe(true);
    }
  });
});

describe('validating on publish (as written)', () => {
  it('accepts a valid payload', () => {
    expect(registry.validate(topic, 'ReferralReceived', 1, received)).toBeNull();
  });

  it('refuses a field the contract does not name — a name slipped in by a mapping bug', () => {
    expect(registry.validate(topic, 'ReferralReceived', 1, { ...received, subjectName: 'Jane Doe' })).toEqual([
      'payload has a field the contract does not allow: subjectName',
    ]);
  });

  it('lists every error readably: missing, wrong type, wrong format, not in the list', () => {
    const { gender: _gender, ...withoutGender } = received;
    const errors = registry.validate(topic, 'ReferralReceived', 1, {
      ...withoutGender,
      ageAtReferral: 15.5,
      receivedAt: 'yesterday',
      sector: 'school',
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        "payload must have required property 'gender'",
        '/ageAtReferral must be integer',
        '/receivedAt must match format "date-time"',
        expect.stringMatching(/^\/sector must be one of "education", "police"/),
      ]),
    );
  });

  it('applies the conditional requirements: signposted needs the services, referred to Channel the area', () => {
    const decided = { referralId: received.referralId, decisionNumber: 1, decidedAt: '2025-03-06T15:40:00.000Z' };
    expect(registry.validate(topic, 'ReferralDecided', 1, { ...decided, outcome: 'signposted' })).toEqual([
      "payload must have required property 'signpostedTo'",
      'payload must match "then" schema',
    ]);
    expect(registry.validate(topic, 'ReferralDecided', 1, { ...decided, outcome: 'referred-to-channel' })).toContain(
      "payload must have required property 'channelArea'",
    );
    expect(
      registry.validate(topic, 'ReferralDecided', 1, {
        ...decided,
        outcome: 'referred-to-channel',
        channelArea: 'E09000002',
      }),
    ).toBeNull();
    expect(registry.validate(topic, 'ReferralDecided', 1, { ...decided, outcome: 'no-further-action' })).toBeNull();
  });

  it('names an unknown type and an unknown version', () => {
    expect(registry.validate(topic, 'ReferralLost', 1, {})).toEqual([`unknown contract ReferralLost on ${topic}`]);
    expect(registry.validate(topic, 'ReferralDecided', 7, ReferralDecidedV1.example)).toEqual([
      `unknown version 7 of ReferralDecided on ${topic} (known: v1)`,
    ]);
    expect(registry.validate('channel-panel.cases', 'ReferralDecided', 1, ReferralDecidedV1.example)).toEqual([
      'unknown contract ReferralDecided on channel-panel.cases',
    ]);
  });

  it('assertValid throws a ContractViolationError naming the contract', () => {
    expect(() => registry.assertValid(topic, 'ReferralReceived', 1, { ...received, gender: 'x' })).toThrow(
      ContractViolationError,
    );
    expect(() => registry.assertValid(topic, 'ReferralReceived', 1, { ...received, gender: 'x' })).toThrow(
      /^ReferralReceived\.v1 on referral-intake\.referrals does not match its contract: \/gender must be one of/,
    );
  });

  it('a local-authority case carries its own statistical profile; a police one its referral', () => {
    const { referralId: _r, ...base } = CaseOpenedV1.example;
    expect(registry.validate('channel-panel.cases', 'CaseOpened', 1, base)).toContain(
      "payload must have required property 'referralId'",
    );
    expect(registry.validate('channel-panel.cases', 'CaseOpened', 1, { ...base, origin: 'local-authority' })).toEqual(
      expect.arrayContaining(["payload must have required property 'sector'"]),
    );
  });
});

describe('validating on consume (tolerant reader)', () => {
  const validate = registry.consumeValidator();
  const message = (payload: unknown, type = 'ReferralReceived', schemaVersion = 1) => ({
    topic,
    headers: { type, schemaVersion },
    payload,
  });

  it('accepts a valid message and ignores a field a newer producer added', () => {
    expect(validate(message(received))).toBeNull();
    expect(validate(message({ ...received, ethnicityCode: 'white-british' }))).toBeNull();
  });

  it('rejects an unknown type or version, or a payload that breaks the contract, with a readable reason', () => {
    expect(validate(message(received, 'ReferralArchived'))).toBe(
      `ReferralArchived.v1 on ${topic} rejected: unknown contract ReferralArchived on ${topic}`,
    );
    expect(validate(message(received, 'ReferralReceived', 2))).toBe(
      `ReferralReceived.v2 on ${topic} rejected: unknown version 2 of ReferralReceived on ${topic} (known: v1)`,
    );
    expect(validate(message({ ...received, ageAtReferral: -1 }))).toBe(
      `ReferralReceived.v1 on ${topic} rejected: /ageAtReferral must be >= 0`,
    );
  });

  it('with a list of types, checks only those and lets the others pass for the consumer to ignore', () => {
    const only = registry.consumeValidator({ types: ['ReferredToChannel'] });
    expect(only(message({}, 'ReferralArchived'))).toBeNull();
    expect(only(message({}, 'ReferredToChannel'))).toMatch(
      /^ReferredToChannel.v1 on referral-intake.referrals rejected: /,
    );
  });

  it('the tolerant schema differs from the published one only by additionalProperties', () => {
    const tolerant = tolerantSchema(ReferralReceivedV1.schema);
    expect(JSON.stringify(tolerant)).not.toContain('additionalProperties');
    expect(tolerant.required).toEqual(ReferralReceivedV1.schema.required);
  });
});

describe('the registry refuses contracts that break the rules', () => {
  const base: IntegrationContract = { ...ReferralWithdrawn(), topic };
  const make = (contracts: IntegrationContract[]) => () =>
    new ContractRegistry({ topics: INTEGRATION_TOPICS, contracts });

  it('the same type and version twice', () => {
    expect(make([base, base])).toThrow(/registered twice/);
  });
  it('an object schema that accepts any field', () => {
    expect(make([{ ...base, schema: { type: 'object', properties: { a: { type: 'string' } } } }])).toThrow(
      /additionalProperties: false \(at \/\)/,
    );
  });
  it('a topic nobody defined, or a type on two topics', () => {
    expect(make([{ ...base, topic: 'intake.Referral' }])).toThrow(/topic intake.Referral is not defined/);
    expect(make([base, { ...base, topic: 'channel-panel.cases', version: 2 }])).toThrow(/a type belongs to one topic/);
  });
  it('an envelope in a contract that a service without the key store consumes', () => {
    const channel = INTEGRATION_CONTRACTS.find((contract) => contract.type === 'ReferredToChannel')!;
    expect(make([{ ...channel, consumers: ['channel-panel', 'compliance-reporting'] }])).toThrow(
      'ReferredToChannel.v1: carries personal data (/personalDetails/name, /personalDetails/otherNames, ' +
        '/personalDetails/dateOfBirth, /personalDetails/address, /personalDetails/concern) but is consumed by ' +
        'compliance-reporting, which has no access to the key store: give it a contract without envelopes',
    );
  });
  it('a type that looks like a class or a version 0', () => {
    expect(make([{ ...base, type: 'referral_withdrawn' }])).toThrow(/PascalCase/);
    expect(make([{ ...base, version: 0 }])).toThrow(/version must be/);
  });
});

function ReferralWithdrawn(): IntegrationContract {
  return INTEGRATION_CONTRACTS.find((contract) => contract.type === 'ReferralWithdrawn')!;
}

/** Every field name in a schema, except fields that are personal-data envelopes (and the envelopes' own fields). */
function fieldNames(schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object' || isPersonalDataEnvelopeSchema(schema)) return [];
  const record = schema as Record<string, unknown>;
  const own = record.properties
    ? Object.entries(record.properties as Record<string, unknown>)
        .filter(([, property]) => !isPersonalDataEnvelopeSchema(property))
        .map(([name]) => name)
    : [];
  return [
    ...own,
    ...Object.entries(record)
      .filter(([key]) => key !== 'enum' && key !== 'required')
      .flatMap(([key, value]) =>
        key === 'properties' ? Object.values(value as object).flatMap(fieldNames) : fieldNames(value),
      ),
  ];
}
