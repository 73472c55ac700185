import { ContractRegistry, defineContract, type IntegrationContract } from '@lib/contracts';
import type { RecordedEvent } from '@lib/event-store';
import type { OutgoingMessageWithTopic } from '@lib/messaging';

/**
 * What the relay-and-consumer fault test, its child processes and the messaging benchmark share:
 * schemas, the topic, a contract of their own, the relay's mapping and the read model's effect.
 */
export const STORE_SCHEMA = 'fault_es';
export const BUS_SCHEMA = 'fault_bus';
export const READ_MODEL_SCHEMA = 'fault_rm';
export const TOPIC = 'fault-test.items';
export const CATEGORY = 'item';
export const RELAY_ID = 'fault-relay';
export const GROUP_ID = 'fault-test.read-model';
export const PARTITIONS = 8;

export interface ItemRecordedV1 {
  readonly streamId: string;
  readonly revision: number;
  readonly n: number;
}

export const ItemRecordedV1 = defineContract<ItemRecordedV1>({
  topic: TOPIC,
  type: 'ItemRecorded',
  version: 1,
  description: 'One event of the fault test.',
  consumers: [],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['streamId', 'revision', 'n'],
    properties: {
      streamId: { type: 'string', minLength: 1 },
      revision: { type: 'integer', minimum: 0 },
      n: { type: 'integer', minimum: 0 },
    },
  },
  example: { streamId: 'item-1', revision: 0, n: 0 },
});

export function faultRegistry(): ContractRegistry {
  return new ContractRegistry({
    topics: [{ name: TOPIC, publisher: 'referral-intake', description: 'fault test' }],
    contracts: [ItemRecordedV1 as IntegrationContract],
  });
}

export function mapItem(event: RecordedEvent): OutgoingMessageWithTopic[] {
  if (event.type !== 'ItemRecorded') return [];
  const payload: ItemRecordedV1 = {
    streamId: event.streamId,
    revision: event.revision,
    n: (event.data as { n: number }).n,
  };
  return [{ topic: TOPIC, type: 'ItemRecorded', version: 1, payload }];
}

/** The read model: per stream the last revision applied, and one row per effect (no unique key: a second effect would show). */
export function readModelDdl(schema: string): string {
  return `
    CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${schema}.streams (stream_id text PRIMARY KEY, last_revision bigint NOT NULL);
    CREATE TABLE IF NOT EXISTS ${schema}.applied (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_id text NOT NULL,
      revision bigint NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
    );`;
}

export class ReadModelGapError extends Error {
  constructor(streamId: string, revision: number, current: number | null) {
    super(`${streamId}: revision ${revision} arrived while the read model is at ${current ?? 'nothing'}`);
    this.name = 'ReadModelGapError';
  }
}

/** Applies an event only when the stream's row is exactly one revision behind it; anything else is an error (retried). */
export async function applyItem(
  tx: { query: (text: string, values: unknown[]) => Promise<{ rowCount: number | null; rows: unknown[] }> },
  schema: string,
  item: ItemRecordedV1,
): Promise<void> {
  const advanced =
    item.revision === 0
      ? await tx.query(
          `INSERT INTO ${schema}.streams (stream_id, last_revision) VALUES ($1, 0) ON CONFLICT (stream_id) DO NOTHING`,
          [item.streamId],
        )
      : await tx.query(
          `UPDATE ${schema}.streams SET last_revision = $2 WHERE stream_id = $1 AND last_revision = $2 - 1`,
          [item.streamId, item.revision],
        );
  if (advanced.rowCount !== 1) {
    const { rows } = await tx.query(`SELECT last_revision::int AS last FROM ${schema}.streams WHERE stream_id = $1`, [
      item.streamId,
    ]);
    throw new ReadModelGapError(item.streamId, item.revision, (rows[0] as { last: number } | undefined)?.last ?? null);
  }
  await tx.query(`INSERT INTO ${schema}.applied (stream_id, revision) VALUES ($1, $2)`, [item.streamId, item.revision]);
}

/** A small seeded generator (mulberry32): the same seed gives the same run of numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
