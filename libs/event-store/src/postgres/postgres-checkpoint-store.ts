import type pg from 'pg';
import type { CheckpointStore, GlobalPosition } from '../event-store.port.js';
import { assertSchemaName } from './postgres-event-store.schema.js';

/** Checkpoints in `<schema>.subscription_checkpoints`, one row per subscription id. */
export class PostgresCheckpointStore implements CheckpointStore {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    assertSchemaName(schema);
    this.table = `${schema}.subscription_checkpoints`;
  }

  async load(subscriptionId: string): Promise<GlobalPosition | null> {
    const { rows } = await this.pool.query<{ commit_position: string; prepare_position: string }>(
      `SELECT commit_position::text AS commit_position, prepare_position::text AS prepare_position
         FROM ${this.table} WHERE subscription_id = $1`,
      [subscriptionId],
    );
    if (rows.length === 0) return null;
    return { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
  }

  async store(subscriptionId: string, position: GlobalPosition): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (subscription_id, commit_position, prepare_position) VALUES ($1, $2, $3)
       ON CONFLICT (subscription_id) DO UPDATE
         SET commit_position = EXCLUDED.commit_position, prepare_position = EXCLUDED.prepare_position, updated_at = now()`,
      [subscriptionId, position.commit.toString(), position.prepare.toString()],
    );
  }
}
