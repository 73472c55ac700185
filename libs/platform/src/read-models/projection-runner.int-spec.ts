import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { installPostgresEventStore, PostgresEventStore, streamCategory, type RecordedEvent } from '@lib/event-store';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import pg from 'pg';
import { Column, DataSource, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { advance, createAtRevision, ProjectionGapError, type Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';
import { ProjectionCheckpointRow } from './read-model-checkpoint.entity.js';
import { installReadModelSchema, readModelRole, readModelSchema } from './read-model-schema.js';

@Entity({ name: 'tallies' })
class TallyRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'integer' })
  total!: number;

  @Column({ type: 'text', array: true })
  notes!: string[];
}

/** Adds each `Added` amount to its stream's tally: a projection that a replay would visibly corrupt. */
class TallyProjection implements Projection {
  readonly name = 'tallies';
  readonly categories = ['tally'];
  readonly entities = [TallyRow];

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const data = event.data as { amount: number; note: string };
    if (event.type === 'Opened') {
      await createAtRevision(
        manager,
        TallyRow,
        this.name,
        { streamId: event.streamId },
        {
          streamId: event.streamId,
          revision: event.revision,
          total: 0,
          notes: [],
        },
      );
      return;
    }
    const row = await manager.findOneBy(TallyRow, { streamId: event.streamId });
    await advance(manager, TallyRow, this.name, { streamId: event.streamId }, event.revision, {
      total: (row?.total ?? 0) + data.amount,
      notes: [...(row?.notes ?? []), data.note],
    });
  }
}

const context = { actor: { id: 'user-1', role: 'police-officer' }, correlationId: 'corr-1' };

describe('read models kept by the projection runner, on PostgreSQL', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  const projection = new TallyProjection();
  const schema = readModelSchema('probe_service');

  const tallies = async () =>
    (await dataSource.getRepository(TallyRow).find({ order: { streamId: 'ASC' } })).map((row) => ({ ...row }));
  const append = (stream: string, events: { type: string; data: unknown }[], expectedRevision: number | 'no_stream') =>
    store.appendToStream(stream, events, { ...context, expectedRevision });

  beforeAll(async () => {
    database = await createTestDatabase('rm');
    await installPostgresEventStore(database.pool, 'probe_service');
    store = new PostgresEventStore({ pool: database.pool, schema: 'probe_service', pollIntervalMs: 50 });
    const owner = await database.pool.connect();
    try {
      await installReadModelSchema(owner, schema);
      await installReadModelSchema(owner, schema); // idempotent
    } finally {
      owner.release();
    }
    dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      schema,
      entities: [TallyRow, ProjectionCheckpointRow],
      extra: {
        max: 3,
        onConnect: async (client: pg.ClientBase) => {
          await client.query(`SET ROLE ${readModelRole(schema)}`);
        },
      },
    });
    await dataSource.initialize();
    await dataSource.synchronize();
    runner = new ProjectionRunner(store, dataSource, { projections: [projection], restartAfterMs: 50 });
    await append(
      'tally-a',
      [
        { type: 'Opened', data: {} },
        { type: 'Added', data: { amount: 2, note: 'two' } },
      ],
      'no_stream',
    );
    await append('tally-b', [{ type: 'Opened', data: {} }], 'no_stream');
    await append('other-x', [{ type: 'Added', data: { amount: 100, note: 'not a tally' } }], 'no_stream');
    const last = await append('tally-a', [{ type: 'Added', data: { amount: 3, note: 'three' } }], 1);
    await runner.start();
    await runner.settled({ through: last.position });
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  it('applies every event of its categories once, and stores its checkpoint beside the rows', async () => {
    expect(await tallies()).toEqual([
      { streamId: 'tally-a', revision: 2, total: 5, notes: ['two', 'three'] },
      { streamId: 'tally-b', revision: 0, total: 0, notes: [] },
    ]);
    const { rows } = await database.pool.query(`SELECT subscription_id FROM ${schema}.projection_checkpoints`);
    expect(rows).toEqual([{ subscription_id: 'read-models' }]);
  });

  it('changes nothing when events are delivered again (a replay or a duplicate)', async () => {
    const before = await tallies();
    const all = await store.readAll();
    const events = all.filter((event) => streamCategory(event.streamId) === 'tally');
    expect(events).toHaveLength(4);
    for (const event of [...events, ...events.reverse()]) {
      await dataSource.transaction((manager) => projection.apply(event, manager));
    }
    expect(await tallies()).toEqual(before);
  });

  it('refuses to apply an event whose predecessor it never saw (a gap)', async () => {
    await runner.stop();
    const appended = await append(
      'tally-b',
      [
        { type: 'Added', data: { amount: 1, note: 'one' } },
        { type: 'Added', data: { amount: 7, note: 'seven' } },
      ],
      0,
    );
    const { events } = await store.readStream('tally-b');
    const skipped = events[2];
    await expect(dataSource.transaction((manager) => projection.apply(skipped, manager))).rejects.toBeInstanceOf(
      ProjectionGapError,
    );
    await expect(dataSource.transaction((manager) => projection.apply(skipped, manager))).rejects.toThrow(
      'tallies: {"streamId":"tally-b"} received revision 2 but is at revision 0',
    );
    await runner.start();
    await runner.settled({ through: appended.position });
    expect((await tallies())[1]).toEqual({ streamId: 'tally-b', revision: 2, total: 8, notes: ['one', 'seven'] });
  });

  it('follows the log live', async () => {
    const appended = await append(
      'tally-c',
      [
        { type: 'Opened', data: {} },
        { type: 'Added', data: { amount: 4, note: 'four' } },
      ],
      'no_stream',
    );
    await runner.settled({ through: appended.position });
    expect((await tallies()).find((row) => row.streamId === 'tally-c')).toMatchObject({ revision: 1, total: 4 });
  });

  it('rebuilds the same read models from the start of the log', async () => {
    const before = await tallies();
    await dataSource.query(`UPDATE ${schema}.tallies SET total = -1`); // a read model gone wrong
    const result = await runner.rebuild();
    expect(result.events).toBe(8);
    expect(await tallies()).toEqual(before);
    expect(runner.state).toBe('running');
  });

  it('connects as the read-model role, which may write its schema and nothing else', async () => {
    const [{ current_user }] = await dataSource.query('SELECT current_user');
    expect(current_user).toBe(readModelRole(schema));
    await expect(dataSource.query('SELECT count(*) FROM probe_service.events')).rejects.toThrow(/permission denied/);
    await expect(dataSource.query('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(/permission denied/);
  });

  it('stops on a gap in its own rows and starts again from its checkpoint once it is repaired', async () => {
    await dataSource.query(`UPDATE ${schema}.tallies SET revision = 0 WHERE stream_id = 'tally-c'`);
    const appended = await append('tally-c', [{ type: 'Added', data: { amount: 1, note: 'one' } }], 1);
    await expect(runner.settled({ through: appended.position })).rejects.toBeInstanceOf(ProjectionGapError);
    expect(runner.state).toBe('failed');
    await dataSource.query(`UPDATE ${schema}.tallies SET revision = 1 WHERE stream_id = 'tally-c'`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await runner.settled({ through: appended.position });
    expect((await tallies()).find((row) => row.streamId === 'tally-c')).toMatchObject({ revision: 2, total: 5 });
  });
});
