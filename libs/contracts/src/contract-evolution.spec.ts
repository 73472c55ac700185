import { describe, expect, it } from '@jest/globals';
import { compareSchemas } from './compatibility.js';
import { ContractRegistry } from './contract-registry.js';
import { ContractUpcasters } from './contract-upcasting.js';
import type { IntegrationContract, JsonSchema } from './contract.js';
import { INTEGRATION_CONTRACTS } from './integration-contracts.js';
import { ReferralDecidedV1, REFERRALS_TOPIC } from './referral-intake/referrals.contracts.js';

/**
 * One test per evolution technique of ADR 025, on a contract as it could really evolve:
 * `ReferralDecided`.
 */
const topic = REFERRALS_TOPIC.name;
const v1 = ReferralDecidedV1;
const v1Schema = v1.schema as { properties: Record<string, JsonSchema>; required: string[] } & JsonSchema;
const registryOf = (...contracts: IntegrationContract[]) =>
  new ContractRegistry({ topics: [REFERRALS_TOPIC], contracts });
const message = (payload: unknown, schemaVersion = 1) => ({
  topic,
  headers: { type: 'ReferralDecided', schemaVersion },
  payload,
});

/** Additive: an optional field, the version kept. */
const v1WithSignOff: IntegrationContract = {
  ...v1,
  schema: {
    ...v1Schema,
    properties: { ...v1Schema.properties, signedOffAt: { type: 'string', format: 'date-time' } },
  },
};

/**
 * Breaking: the single Channel area became a structured destination (area and region), and
 * `decisionNumber` was dropped for `reopened`. A v2 beside v1.
 */
const { channelArea: _channelArea, decisionNumber: _decisionNumber, ...keptV1Properties } = v1Schema.properties;
const v2: IntegrationContract = {
  ...v1,
  version: 2,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['referralId', 'outcome', 'reopened', 'decidedAt'],
    properties: {
      ...keptV1Properties,
      reopened: { type: 'boolean' },
      channel: {
        type: 'object',
        additionalProperties: false,
        required: ['area', 'region'],
        properties: { area: v1Schema.properties.channelArea, region: { enum: ['E12000007', 'W92000004'] } },
      },
    },
  },
  example: {
    referralId: v1.example.referralId,
    outcome: 'referred-to-channel',
    reopened: false,
    channel: { area: 'E09000002', region: 'E12000007' },
    decidedAt: '2025-03-06T15:40:00.000Z',
  },
};
const referredV1 = {
  referralId: v1.example.referralId,
  outcome: 'referred-to-channel',
  decisionNumber: 2,
  channelArea: 'E09000002',
  decidedAt: '2025-03-06T15:40:00.000Z',
};
const upcasters = new ContractUpcasters([
  {
    type: 'ReferralDecided',
    fromVersion: 1,
    upcast: (payload) => {
      const { channelArea, decisionNumber, ...rest } = payload as typeof referredV1;
      const regionOf = (area: string) => (area.startsWith('W') ? 'W92000004' : 'E12000007');
      return {
        ...rest,
        reopened: decisionNumber > 1,
        ...(channelArea ? { channel: { area: channelArea, region: regionOf(channelArea) } } : {}),
      };
    },
  },
]);

describe('adding an optional field keeps the version', () => {
  const oldRegistry = registryOf(v1);
  const newRegistry = registryOf(v1WithSignOff);
  const newPayload = { ...v1.example, signedOffAt: '2025-03-07T09:00:00.000Z' };

  it('is judged compatible', () => {
    const report = compareSchemas(v1.schema, v1WithSignOff.schema);
    expect(report.compatible).toBe(true);
    expect(report.changes.map((change) => [change.kind, change.path])).toEqual([
      ['optional-field-added', '/signedOffAt'],
    ]);
  });

  it('a new producer may send it, and an old consumer still accepts the message (ignoring the field)', () => {
    expect(newRegistry.validate(topic, 'ReferralDecided', 1, newPayload)).toBeNull();
    expect(oldRegistry.consumeValidator()(message(newPayload))).toBeNull();
  });

  it('a new consumer accepts a message from an old producer, without the field', () => {
    expect(newRegistry.consumeValidator()(message(v1.example))).toBeNull();
  });

  it('an old producer still may not send it: publishing is checked as written', () => {
    expect(oldRegistry.validate(topic, 'ReferralDecided', 1, newPayload)).toEqual([
      'payload has a field the contract does not allow: signedOffAt',
    ]);
  });
});

describe('a breaking change adds v2 beside v1', () => {
  const registry = registryOf(v1, v2);

  it('is judged breaking, with each reason', () => {
    const report = compareSchemas(v1.schema, v2.schema);
    expect(report.compatible).toBe(false);
    expect(report.breaking.map((change) => [change.kind, change.path])).toEqual(
      expect.arrayContaining([
        ['field-removed', '/decisionNumber'],
        ['field-removed', '/channelArea'],
        ['required-field-added', '/reopened'],
      ]),
    );
  });

  it('both versions are registered; a publisher migrating may publish both, each valid under its own', () => {
    expect(registry.versions(topic, 'ReferralDecided')).toEqual([1, 2]);
    expect(registry.validate(topic, 'ReferralDecided', 1, referredV1)).toBeNull();
    expect(registry.validate(topic, 'ReferralDecided', 2, v2.example)).toBeNull();
    expect(registry.validate(topic, 'ReferralDecided', 2, referredV1)).not.toBeNull();
    expect(registry.validate(topic, 'ReferralDecided', 1, v2.example)).not.toBeNull();
  });

  it('a consumer that knows only v1 dead-letters v2 with a reason, rather than misread it', () => {
    expect(registryOf(v1).consumeValidator()(message(v2.example, 2))).toBe(
      `ReferralDecided.v2 on ${topic} rejected: unknown version 2 of ReferralDecided on ${topic} (known: v1)`,
    );
  });
});

describe('a consumer on v2 upcasts v1', () => {
  const registry = registryOf(v1, v2);
  const handle = (incoming: ReturnType<typeof message>) => {
    expect(registry.consumeValidator()(incoming)).toBeNull();
    return upcasters.upcast('ReferralDecided', incoming.headers.schemaVersion, incoming.payload, 2);
  };

  it('turns a v1 payload into a valid v2 payload with the same meaning', () => {
    const upcast = handle(message(referredV1, 1));
    expect(upcast).toEqual({
      referralId: referredV1.referralId,
      outcome: 'referred-to-channel',
      reopened: true,
      channel: { area: 'E09000002', region: 'E12000007' },
      decidedAt: referredV1.decidedAt,
    });
    expect(registry.validate(topic, 'ReferralDecided', 2, upcast)).toBeNull();
  });

  it('passes v2 through unchanged, and refuses to downcast or to skip a missing step', () => {
    expect(handle(message(v2.example, 2))).toBe(v2.example);
    expect(() => upcasters.upcast('ReferralDecided', 2, v2.example, 1)).toThrow(/newer than v1/);
    expect(() => upcasters.upcast('CaseClosed', 1, {}, 2)).toThrow('No upcaster from CaseClosed.v1 to v2');
  });
});

describe('the compatibility checker', () => {
  const base: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'outcome'],
    properties: {
      id: { type: 'string' },
      outcome: { enum: ['given', 'refused', 'withdrawn'] },
      age: { type: 'integer', minimum: 0 },
      codes: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' } },
    },
  };
  const withProperties = (properties: Record<string, unknown>, required = base.required) => ({
    ...base,
    required,
    properties: { ...(base.properties as object), ...properties },
  });
  const kinds = (next: JsonSchema) =>
    compareSchemas(base, next).breaking.map((change) => `${change.kind} ${change.path}`);

  it('finds nothing in an identical schema', () => {
    expect(compareSchemas(base, structuredClone(base))).toEqual({ compatible: true, changes: [], breaking: [] });
  });

  it('a removed required field is breaking', () => {
    const { id: _id, ...rest } = base.properties as Record<string, unknown>;
    expect(kinds({ ...base, required: ['outcome'], properties: rest })).toEqual(['field-removed /id']);
  });

  it('a new required field is breaking', () => {
    expect(kinds(withProperties({ area: { type: 'string' } }, ['id', 'outcome', 'area']))).toEqual([
      'required-field-added /area',
    ]);
  });

  it('a type change is breaking, in nested array items too', () => {
    expect(kinds(withProperties({ age: { type: 'string' } }))).toEqual(['type-changed /age']);
    expect(kinds(withProperties({ codes: { type: 'array', items: { type: 'integer' } } }))).toEqual([
      'type-changed /codes/items',
    ]);
  });

  it('a removed enum value is breaking, and so is an added one (old consumers refuse it)', () => {
    expect(kinds(withProperties({ outcome: { enum: ['given', 'refused'] } }))).toEqual(['enum-value-removed /outcome']);
    expect(kinds(withProperties({ outcome: { enum: ['given', 'refused', 'withdrawn', 'lapsed'] } }))).toEqual([
      'enum-value-added /outcome',
    ]);
  });

  it('a field made required or optional, or a tightened constraint, is breaking', () => {
    expect(kinds({ ...base, required: ['id', 'outcome', 'age'] })).toEqual(['field-made-required /age']);
    expect(kinds({ ...base, required: ['id'] })).toEqual(['field-made-optional /outcome']);
    expect(kinds(withProperties({ age: { type: 'integer', minimum: 10 } }))).toEqual(['constraint-changed /age']);
  });

  it('explains each change', () => {
    const [change] = compareSchemas(base, withProperties({ age: { type: 'string' } })).breaking;
    expect(change.detail).toBe('type integer became string: readers of one version refuse values of the other');
  });

  it('holds every registered contract compatible with itself', () => {
    for (const contract of INTEGRATION_CONTRACTS) {
      expect(compareSchemas(contract.schema, structuredClone(contract.schema)).compatible).toBe(true);
    }
  });
});
