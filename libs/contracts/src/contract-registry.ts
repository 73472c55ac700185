import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { contractName, type IntegrationContract, type JsonSchema, type TopicDefinition } from './contract.js';
import { personalDataFields, SERVICES_WITHOUT_KEY_STORE } from './personal-data-envelope.js';

/** ajv-formats is CommonJS: under Node's ESM loader its default import is `module.exports`, under TypeScript's types `{ default }`. */
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

/** The part of a message the registry looks at; the transport's `IncomingMessage` has this shape. */
export interface ContractMessage {
  readonly topic: string;
  readonly headers: { readonly type: string; readonly schemaVersion: number };
  readonly payload: unknown;
}

/**
 * A payload that does not match its contract on the publishing side: a bug in the service's
 * mapping from domain event to contract. The relay stops on it rather than publish or skip.
 */
export class ContractViolationError extends Error {
  readonly code = 'contracts.violation';

  constructor(
    readonly contract: string,
    readonly topic: string,
    readonly errors: readonly string[],
  ) {
    super(`${contract} on ${topic} does not match its contract: ${errors.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

interface Compiled {
  readonly contract: IntegrationContract;
  /** As written: unknown fields are refused. Used when publishing. */
  readonly strict: ValidateFunction;
  /** The tolerant reader: unknown fields are ignored, so that additive changes reach old consumers. */
  readonly tolerant: ValidateFunction;
}

const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
const TOPIC_NAME = /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/;

/**
 * Every contract of the system, each schema compiled once (ajv, draft 2020-12, with formats).
 *
 * Two checks of the same schema (ADR 025):
 * - {@link validate} — **on publish**, as written: `additionalProperties: false` refuses any
 *   field the contract does not name, so nothing (personal data least of all) slips onto a topic
 *   by accident.
 * - {@link validateIncoming} and {@link consumeValidator} — **on consume**, as a tolerant
 *   reader: fields the consumer's copy of the contract does not know are ignored (a newer
 *   producer may have added an optional one), while unknown types or versions, missing required
 *   fields, wrong types and formats are refused.
 */
export class ContractRegistry {
  private readonly byKey = new Map<string, Compiled>();
  private readonly topicsByName = new Map<string, TopicDefinition>();
  private readonly topicOfType = new Map<string, string>();

  constructor(options: { topics: readonly TopicDefinition[]; contracts: readonly IntegrationContract[] }) {
    const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false }));
    for (const topic of options.topics) {
      if (!TOPIC_NAME.test(topic.name)) {
        throw new Error(
          `Topic ${topic.name}: name it <publishing-context>.<aggregate-plural>, e.g. referral-intake.referrals`,
        );
      }
      if (this.topicsByName.has(topic.name)) throw new Error(`Topic ${topic.name} is defined twice`);
      this.topicsByName.set(topic.name, topic);
    }
    for (const contract of options.contracts) {
      const name = contractName(contract);
      if (!this.topicsByName.has(contract.topic)) throw new Error(`${name}: topic ${contract.topic} is not defined`);
      if (!TYPE_NAME.test(contract.type)) throw new Error(`${name}: a type is a PascalCase wire name`);
      if (!Number.isInteger(contract.version) || contract.version < 1)
        throw new Error(`${name}: version must be 1, 2...`);
      const home = this.topicOfType.get(contract.type);
      if (home !== undefined && home !== contract.topic) {
        throw new Error(`${contract.type} is published on ${home} and ${contract.topic}: a type belongs to one topic`);
      }
      this.topicOfType.set(contract.type, contract.topic);
      const key = keyOf(contract.topic, contract.type, contract.version);
      if (this.byKey.has(key)) throw new Error(`${name} on ${contract.topic} is registered twice`);
      const closedObjects = unclosedObjects(contract.schema);
      if (closedObjects.length > 0) {
        throw new Error(
          `${name}: every object schema needs additionalProperties: false (at ${closedObjects.join(', ')})`,
        );
      }
      const sealed = personalDataFields(contract.schema);
      const withoutKeys = contract.consumers.filter((consumer) =>
        (SERVICES_WITHOUT_KEY_STORE as readonly string[]).includes(consumer),
      );
      if (sealed.length > 0 && withoutKeys.length > 0) {
        throw new Error(
          `${name}: carries personal data (${sealed.join(', ')}) but is consumed by ${withoutKeys.join(', ')}, ` +
            'which has no access to the key store: give it a contract without envelopes',
        );
      }
      this.byKey.set(key, {
        contract,
        strict: ajv.compile(contract.schema),
        tolerant: ajv.compile(tolerantSchema(contract.schema)),
      });
    }
  }

  get(topic: string, type: string, version: number): IntegrationContract | undefined {
    return this.byKey.get(keyOf(topic, type, version))?.contract;
  }

  contracts(): IntegrationContract[] {
    return [...this.byKey.values()].map((compiled) => compiled.contract);
  }

  topics(): TopicDefinition[] {
    return [...this.topicsByName.values()];
  }

  /** The versions of `type` on `topic` that are registered, ascending. */
  versions(topic: string, type: string): number[] {
    return this.contracts()
      .filter((contract) => contract.topic === topic && contract.type === type)
      .map((contract) => contract.version)
      .sort((a, b) => a - b);
  }

  /** Checks a payload as its publisher must send it. Returns readable errors, or null when valid. */
  validate(topic: string, type: string, version: number, payload: unknown): string[] | null {
    return this.check('strict', topic, type, version, payload);
  }

  /** Checks a payload as a consumer reads it (unknown fields ignored). Returns readable errors, or null. */
  validateIncoming(topic: string, type: string, version: number, payload: unknown): string[] | null {
    return this.check('tolerant', topic, type, version, payload);
  }

  /** Throws {@link ContractViolationError} when the payload does not match the contract as published. */
  assertValid(topic: string, type: string, version: number, payload: unknown): void {
    const errors = this.validate(topic, type, version, payload);
    if (errors) throw new ContractViolationError(`${type}.v${version}`, topic, errors);
  }

  /**
   * A `validate` for the transport's `ConsumeOptions`: a message whose type and version the
   * registry does not know on its topic, or whose payload does not match, is rejected with the
   * reason and dead-lettered by the transport without reaching the handler.
   *
   * With `types`, only messages of those types are checked: a consumer that acts on a few types
   * of a topic lets the others pass (and ignores them), so that a type added to the topic later
   * does not dead-letter in every consumer that has no use for it.
   */
  consumeValidator(options: { types?: readonly string[] } = {}): (message: ContractMessage) => string | null {
    const types = options.types ? new Set(options.types) : undefined;
    return (message) => {
      const { type, schemaVersion } = message.headers;
      if (types && !types.has(type)) return null;
      const errors = this.validateIncoming(message.topic, type, schemaVersion, message.payload);
      return errors ? `${type}.v${schemaVersion} on ${message.topic} rejected: ${errors.join('; ')}` : null;
    };
  }

  private check(
    mode: 'strict' | 'tolerant',
    topic: string,
    type: string,
    version: number,
    payload: unknown,
  ): string[] | null {
    const compiled = this.byKey.get(keyOf(topic, type, version));
    if (!compiled) {
      const known = this.versions(topic, type);
      return [
        known.length > 0
          ? `unknown version ${version} of ${type} on ${topic} (known: ${known.map((v) => `v${v}`).join(', ')})`
          : `unknown contract ${type} on ${topic}`,
      ];
    }
    const validateFunction = compiled[mode];
    if (validateFunction(payload)) return null;
    return (validateFunction.errors ?? []).map(describeError);
  }
}

function keyOf(topic: string, type: string, version: number): string {
  return `${topic}\u0000${type}\u0000${version}`;
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'payload' : error.instancePath;
  if (error.keyword === 'additionalProperties') {
    return `${at} has a field the contract does not allow: ${String(error.params.additionalProperty)}`;
  }
  if (error.keyword === 'enum') {
    return `${at} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${at} ${error.message ?? error.keyword}`;
}

/** The schema as a tolerant reader applies it: `additionalProperties: false` removed at every level. */
export function tolerantSchema(schema: JsonSchema): JsonSchema {
  return transform(schema) as JsonSchema;

  function transform(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(transform);
    if (node === null || typeof node !== 'object') return node;
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'additionalProperties' && value === false) continue;
      if (key === 'enum' || key === 'const' || key === 'required' || key === 'examples') result[key] = value;
      else result[key] = transform(value);
    }
    return result;
  }
}

/** JSON pointers of object schemas (those with `properties`) that do not say `additionalProperties: false`. */
function unclosedObjects(schema: JsonSchema): string[] {
  const found: string[] = [];
  const visit = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${pointer}/${index}`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const isObjectSchema = record.type === 'object' && 'properties' in record;
    if (isObjectSchema && record.additionalProperties !== false) found.push(pointer || '/');
    for (const [key, value] of Object.entries(record)) {
      if (key === 'enum' || key === 'const' || key === 'required') continue;
      if (key === 'if' || key === 'then' || key === 'else') continue; // partial schemas, not payload shapes
      visit(value, `${pointer}/${key}`);
    }
  };
  visit(schema, '');
  return found;
}
