import { contractName, type IntegrationContract, type JsonSchema, type ServiceName } from './contract.js';
import type { ContractRegistry } from './contract-registry.js';

/**
 * The AsyncAPI 3.0 document of the integration events, generated from the registry
 * (`npm run asyncapi` writes it to `docs/asyncapi.yaml`; a test proves the file matches).
 *
 * - one channel per topic, its address the topic name; one message per contract version,
 *   named `<type>.v<version>`, its payload the contract's JSON Schema unchanged (the schemas
 *   use only keywords whose meaning draft-07, AsyncAPI's schema dialect, shares with 2020-12);
 * - headers: the transport's `MessageHeaders`, with `type` and `schemaVersion` fixed per message;
 * - operations: the publishing service sends, every consuming service receives what it uses;
 * - the dead-letter channel `dead-letter.{groupId}` of each consumer group.
 */
export function asyncApiDocument(registry: ContractRegistry): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const services = new Set<ServiceName>();

  for (const topic of registry.topics()) {
    const contracts = registry.contracts().filter((contract) => contract.topic === topic.name);
    channels[topic.name] = {
      address: topic.name,
      title: topic.name,
      description: topic.description,
      messages: Object.fromEntries(
        contracts.map((contract) => [
          contractName(contract),
          { $ref: `#/components/messages/${contractName(contract)}` },
        ]),
      ),
    };
    const messageRefs = (selected: IntegrationContract[]) =>
      selected.map((contract) => ({ $ref: `#/channels/${topic.name}/messages/${contractName(contract)}` }));
    services.add(topic.publisher);
    operations[`${topic.publisher}.sends.${topic.name}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic.name}` },
      summary: `${topic.publisher}'s relay publishes from its event store (at least once, keyed by stream id).`,
      messages: messageRefs(contracts),
    };
    const consumers = [...new Set(contracts.flatMap((contract) => contract.consumers))].sort();
    for (const consumer of consumers) {
      services.add(consumer);
      operations[`${consumer}.receives.${topic.name}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${topic.name}` },
        summary: `${consumer} consumes in its own consumer group, through its inbox (effectively once).`,
        messages: messageRefs(contracts.filter((contract) => contract.consumers.includes(consumer))),
      };
    }
    for (const contract of contracts) messages[contractName(contract)] = message(contract);
  }

  channels['dead-letter'] = {
    address: 'dead-letter.{groupId}',
    title: 'Dead letters of a consumer group',
    description:
      'Messages a consumer group gave up on — after its retries, or at once when the message does not match its ' +
      'contract — with the error. Inspected and replayed with `npm run dlq -- list|show|replay`.',
    parameters: { groupId: { description: 'The consumer group, e.g. compliance-reporting.statistics.' } },
    messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
  };
  for (const service of [...services].sort()) {
    operations[`${service}.dead-letters`] = {
      action: 'send',
      channel: { $ref: '#/channels/dead-letter' },
      summary: `${service}'s consumer groups dead-letter the messages they cannot handle.`,
      messages: [{ $ref: '#/channels/dead-letter/messages/DeadLetter' }],
    };
  }
  messages.DeadLetter = {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary: 'A message given up on, as it was received, with the error and the number of attempts.',
    contentType: 'application/json',
    payload: DEAD_LETTER_SCHEMA,
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Prevent and Channel integration events',
      version: '1.0.0',
      description:
        'The events the referral intake, Channel panel and compliance reporting services exchange. Generated from ' +
        '`libs/contracts` by `npm run asyncapi`; do not edit by hand. No message carries personal data (ADR 026). ' +
        'Versioning and compatibility rules: ADR 025.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

function message(contract: IntegrationContract): Record<string, unknown> {
  return {
    name: contractName(contract),
    title: `${contract.type} v${contract.version}`,
    summary: contract.description,
    contentType: 'application/json',
    correlationId: { location: '$message.header#/correlationId' },
    headers: messageHeadersSchema(contract),
    payload: contract.schema,
    examples: [{ name: 'example', payload: contract.example }],
  };
}

/** The transport's `MessageHeaders` as a schema, with the contract's type and version fixed. */
export function messageHeadersSchema(contract: Pick<IntegrationContract, 'type' | 'version'>): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['eventId', 'type', 'schemaVersion', 'correlationId', 'occurredAt'],
    properties: {
      eventId: {
        type: 'string',
        format: 'uuid',
        description:
          'Derived from the domain event id and the contract type and version: a republish carries the same id, ' +
          'which the consumer inbox recognises.',
      },
      type: { const: contract.type },
      schemaVersion: { const: contract.version },
      correlationId: { type: 'string' },
      causationId: { type: 'string', description: 'The domain event that caused this message.' },
      traceparent: { type: 'string', description: 'W3C trace context, when the publisher had one.' },
      occurredAt: { type: 'string', format: 'date-time', description: 'When the domain event was recorded.' },
    },
  };
}

const DEAD_LETTER_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'groupId', 'original', 'error', 'attempts', 'deadLetteredAt'],
  properties: {
    id: { type: 'string' },
    groupId: { type: 'string' },
    original: {
      type: 'object',
      description: 'The message as received: topic, partition, offset, key, headers, payload.',
      required: ['topic', 'partition', 'offset', 'key', 'headers', 'payload'],
      properties: {
        topic: { type: 'string' },
        partition: { type: 'integer' },
        offset: { type: 'string' },
        key: { type: 'string' },
        headers: { type: 'object' },
        payload: {},
      },
    },
    error: { type: 'string' },
    attempts: { type: 'integer', minimum: 1 },
    deadLetteredAt: { type: 'string', format: 'date-time' },
    replayedAt: { type: 'string', format: 'date-time' },
  },
};
