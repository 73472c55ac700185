import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import { FixedClock } from './clock.js';
import { CommandRunner, type Decider } from './command-runner.js';
import { WrongExpectedRevisionError } from './event-store.errors.js';
import type { CommandContext } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { installPostgresEventStore } from './postgres/postgres-event-store.schema.js';

/** A counter with a ceiling: enough rules to see a decision change when it is retried. */
type Event = { type: 'Incremented'; data: { by: number; at: string } };
type Command = { type: 'Increment'; by: number };
type State = { total: number };
class CeilingReachedError extends Error {}
const counter: Decider<Command, Event, State> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.by }),
  decide: (command, state, now) => {
    if (state.total + command.by > 10) throw new CeilingReachedError(`total would be ${state.total + command.by}`);
    if (command.by === 0) return [];
    return [{ type: 'Incremented', data: { by: command.by, at: now.toISOString() } }];
  },
};
const context: CommandContext = { actor: { id: 'officer-1', role: 'police-officer' }, correlationId: 'corr-1' };

describe('the command runner on the PostgreSQL event store', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const clock = new FixedClock(new Date('2025-03-01T10:00:00Z'));
  let runner: CommandRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    await installPostgresEventStore(db.pool, 'runner_test');
    store = new PostgresEventStore({ pool: db.pool, schema: 'runner_test' });
    runner = new CommandRunner(store, clock);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('reads, decides with the clock passed in, and appends with the context in the metadata', async () => {
    const streamId = `counter-${randomUUID()}`;
    const outcome = await runner.run(streamId, counter, { type: 'Increment', by: 2 }, context);
    expect(outcome.state).toEqual({ total: 2 });
    expect(outcome.revision).toBe(0);
    const { events } = await store.readStream(streamId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'Incremented',
      data: { by: 2, at: '2025-03-01T10:00:00.000Z' },
      actor: { id: 'officer-1', role: 'police-officer' },
      correlationId: 'corr-1',
    });
  });

  it('appends nothing when the decision is that nothing happens', async () => {
    const streamId = `counter-${randomUUID()}`;
    const outcome = await runner.run(streamId, counter, { type: 'Increment', by: 0 }, context);
    expect(outcome.appended).toBeNull();
    expect((await store.readStream(streamId)).revision).toBe('no_stream');
  });

  it('decides again after a concurrent append, and never loses an update', async () => {
    const streamId = `counter-${randomUUID()}`;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        runner.run(streamId, counter, { type: 'Increment', by: 2 }, context, { maxRetries: 10 }),
      ),
    );
    const { events } = await store.readStream(streamId);
    expect(events.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets a rule see the other writer’s event on retry', async () => {
    const streamId = `counter-${randomUUID()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        runner.run(streamId, counter, { type: 'Increment', by: 4 }, context, { maxRetries: 10 }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(rejected.every((result) => result.reason instanceof CeilingReachedError)).toBe(true);
    expect((await store.readStream(streamId)).events).toHaveLength(2);
  });

  it('reports a stale revision pinned by the caller as a conflict, and writes nothing', async () => {
    const streamId = `counter-${randomUUID()}`;
    await runner.run(streamId, counter, { type: 'Increment', by: 1 }, context);
    await runner.run(streamId, counter, { type: 'Increment', by: 1 }, context);
    await expect(
      runner.run(streamId, counter, { type: 'Increment', by: 1 }, context, { expectedRevision: 0 }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.readStream(streamId)).revision).toBe(1);
  });
});
