import { CASES_TOPIC, CASE_CONTRACTS } from './channel-panel/cases.contracts.js';
import type { IntegrationContract, TopicDefinition } from './contract.js';
import { ContractRegistry } from './contract-registry.js';
import { REFERRALS_TOPIC, REFERRAL_CONTRACTS } from './referral-intake/referrals.contracts.js';

/** Every topic of the system. */
export const INTEGRATION_TOPICS: readonly TopicDefinition[] = [REFERRALS_TOPIC, CASES_TOPIC];

/** Every contract of the system, every version still in use. */
export const INTEGRATION_CONTRACTS: readonly IntegrationContract[] = [...REFERRAL_CONTRACTS, ...CASE_CONTRACTS];

let registry: ContractRegistry | undefined;

/** The registry of every contract, compiled on first use and shared by the process. */
export function integrationContracts(): ContractRegistry {
  registry ??= new ContractRegistry({ topics: INTEGRATION_TOPICS, contracts: INTEGRATION_CONTRACTS });
  return registry;
}
