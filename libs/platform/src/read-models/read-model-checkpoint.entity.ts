import type { CheckpointStore, GlobalPosition } from '@lib/event-store';
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';

/** Where the projection runner keeps its position in the global log: next to the rows it produced. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpointRow {
  @PrimaryColumn({ name: 'subscription_id', type: 'text' })
  subscriptionId!: string;

  @Column({ name: 'commit_position', type: 'numeric', precision: 20, scale: 0 })
  commitPosition!: string;

  @Column({ name: 'prepare_position', type: 'numeric', precision: 20, scale: 0 })
  preparePosition!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** The runner's checkpoints in the read-model schema, so that emptying the schema also resets them. */
export class ReadModelCheckpointStore implements CheckpointStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(subscriptionId: string): Promise<GlobalPosition | null> {
    const row = await this.dataSource.getRepository(ProjectionCheckpointRow).findOneBy({ subscriptionId });
    return row ? { commit: BigInt(row.commitPosition), prepare: BigInt(row.preparePosition) } : null;
  }

  async store(subscriptionId: string, position: GlobalPosition): Promise<void> {
    await this.dataSource.getRepository(ProjectionCheckpointRow).upsert(
      {
        subscriptionId,
        commitPosition: position.commit.toString(),
        preparePosition: position.prepare.toString(),
        updatedAt: new Date(),
      },
      ['subscriptionId'],
    );
  }
}
