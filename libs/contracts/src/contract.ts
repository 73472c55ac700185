/**
 * The published language between the services: integration event contracts. A contract is a
 * promise to other teams, so it is versioned, validated on both sides of the wire, and described
 * in `docs/asyncapi.yaml` (generated from this library by `npm run asyncapi`).
 *
 * Domain events stay private to their service; a service's relay maps the few that other
 * contexts need to these contracts (ADR 025–027). No contract carries personal data (ADR 026).
 */

/** A JSON Schema (draft 2020-12) as a plain JSON value. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The services that publish or consume integration events. */
export type ServiceName = 'referral-intake' | 'channel-panel' | 'compliance-reporting';

/**
 * A topic, named after the publishing context and its aggregate (`referral-intake.referrals`),
 * never after a class. Messages are keyed by the aggregate's stream id, so the events of one
 * referral or case keep their order.
 */
export interface TopicDefinition {
  readonly name: string;
  readonly publisher: ServiceName;
  readonly description: string;
}

/**
 * One version of one integration event.
 *
 * - `type` is the stable wire name, in the past tense (`ReferralDecided`), never a class name.
 * - `version` is the major version. Additive, optional fields keep it; anything else adds a new
 *   version beside the old one (ADR 025).
 * - `schema` describes the payload: draft 2020-12, `additionalProperties: false` at every level,
 *   every field the consumer relies on `required`. It uses only keywords whose meaning is the
 *   same in draft-07, so the AsyncAPI document can carry it unchanged.
 */
export interface IntegrationContract<Payload = unknown> {
  readonly topic: string;
  readonly type: string;
  readonly version: number;
  readonly description: string;
  readonly schema: JsonSchema;
  /** The services that consume it (documentation: the AsyncAPI operations). */
  readonly consumers: readonly ServiceName[];
  /** A valid payload; documents the contract and is checked against its schema by a test. */
  readonly example: Payload;
}

/** `ReferralDecided.v1`: how messages are named in logs, errors and the AsyncAPI document. */
export function contractName(contract: Pick<IntegrationContract, 'type' | 'version'>): string {
  return `${contract.type}.v${contract.version}`;
}

/** Declares a contract with its payload type, so that the example is type-checked. */
export function defineContract<Payload>(contract: IntegrationContract<Payload>): IntegrationContract<Payload> {
  return contract;
}
