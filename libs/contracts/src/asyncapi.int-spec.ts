import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import YAML from 'yaml';
import { asyncApiDocument } from './asyncapi.js';
import { asyncApiYaml } from './asyncapi-yaml.js';
import { contractName } from './contract.js';
import { integrationContracts } from './integration-contracts.js';

/** docs/asyncapi.yaml, as committed. */
const file = readFileSync(resolve(import.meta.dirname, '../../../docs/asyncapi.yaml'), 'utf8');
const document = YAML.parse(file) as {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string }; messages: { $ref: string }[] }>;
  components: {
    messages: Record<string, { name: string; payload: unknown; headers: { properties: Record<string, unknown> } }>;
  };
};
const registry = integrationContracts();
const REGENERATE = 'run `npm run asyncapi` to regenerate docs/asyncapi.yaml';

describe('docs/asyncapi.yaml', () => {
  it('is an AsyncAPI 3.0 document', () => {
    expect(document.asyncapi).toBe('3.0.0');
  });

  it('has every registered contract, its payload deep-equal to the code’s schema', () => {
    for (const contract of registry.contracts()) {
      const message = document.components.messages[contractName(contract)];
      expect({ contract: contractName(contract), found: message !== undefined }).toEqual({
        contract: contractName(contract),
        found: true,
      });
      expect(message.payload).toEqual(contract.schema);
      expect(message.headers.properties.type).toEqual({ const: contract.type });
      expect(message.headers.properties.schemaVersion).toEqual({ const: contract.version });
      expect(document.channels[contract.topic].messages[contractName(contract)]).toEqual({
        $ref: `#/components/messages/${contractName(contract)}`,
      });
    }
  });

  it('has nothing the code lacks: no other message, and one channel per topic plus the dead letters', () => {
    const registered = registry.contracts().map(contractName);
    expect(Object.keys(document.components.messages).sort()).toEqual([...registered, 'DeadLetter'].sort());
    expect(Object.keys(document.channels).sort()).toEqual(
      [...registry.topics().map((t) => t.name), 'dead-letter'].sort(),
    );
    for (const [name, channel] of Object.entries(document.channels)) {
      if (name === 'dead-letter') continue;
      const onTopic = registry.contracts().filter((contract) => contract.topic === channel.address);
      expect(Object.keys(channel.messages).sort()).toEqual(onTopic.map(contractName).sort());
    }
  });

  it('says who sends and who receives each message', () => {
    const send = document.operations['referral-intake.sends.referral-intake.referrals'];
    expect(send.action).toBe('send');
    expect(send.messages).toHaveLength(
      registry.contracts().filter((c) => c.topic === 'referral-intake.referrals').length,
    );
    const intakeReceives = document.operations['referral-intake.receives.channel-panel.cases'];
    expect(intakeReceives.action).toBe('receive');
    expect(intakeReceives.messages).toEqual([
      { $ref: '#/channels/channel-panel.cases/messages/CaseReturnedToPolice.v1' },
    ]);
    const panelReceives = document.operations['channel-panel.receives.referral-intake.referrals'];
    expect(panelReceives.messages).toEqual([
      { $ref: '#/channels/referral-intake.referrals/messages/ReferredToChannel.v1' },
    ]);
  });

  it('every reference in it resolves', () => {
    const refs = [...file.matchAll(/\$ref: "#\/([^"]+)"/g)].map((match) => match[1]);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const target = ref.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], document);
      expect({ ref, resolves: target !== undefined }).toEqual({ ref, resolves: true });
    }
  });

  it(`is exactly what the generator writes (${REGENERATE})`, () => {
    expect(file).toBe(asyncApiYaml(asyncApiDocument(registry)));
  });
});
