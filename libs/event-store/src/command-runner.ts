import type { Clock } from './clock.js';
import { WrongExpectedRevisionError } from './event-store.errors.js';
import type { AppendResult, CommandContext, EventStore, NewEvent } from './event-store.port.js';

/** A domain event as the domain sees it: a stable wire name and its data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * A pure decider: `decide` turns a command and the current state into new events (or throws a
 * domain error); `evolve` folds an event into the state. Time comes in as an argument.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State, now: Date): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
  /** Schema version of the events this decider writes, per type (default 1). */
  schemaVersionOf?(type: Event['type']): number;
}

export interface RunOutcome<Event extends DomainEvent, State> {
  readonly events: Event[];
  readonly state: State;
  /** Null when the decision produced no event (nothing was appended). */
  readonly appended: AppendResult | null;
  /** The stream's revision after the command: the new last revision, or the unchanged one. */
  readonly revision: number | 'no_stream';
}

export interface RunOptions {
  /**
   * The revision the caller last saw (an HTTP If-Match). When given, a stream that has moved on
   * is a conflict reported to the caller, never retried: the person decided on stale facts.
   */
  readonly expectedRevision?: number | 'no_stream';
  /** Retries after a concurrent append when the caller gave no expected revision. Default 3. */
  readonly maxRetries?: number;
}

/**
 * Serves every command handler: read the stream, fold it, decide, append with the revision it
 * read. On a concurrent append it reads again and decides again (the decision may change), unless
 * the caller pinned the revision it saw.
 */
export class CommandRunner {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async run<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    context: CommandContext,
    options: RunOptions = {},
  ): Promise<RunOutcome<Event, State>> {
    const maxRetries = options.expectedRevision === undefined ? (options.maxRetries ?? 3) : 0;
    for (let attempt = 0; ; attempt += 1) {
      const { events: history, revision } = await this.store.readStream(streamId);
      if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, revision);
      }
      const state = history.reduce(
        (current, recorded) => decider.evolve(current, { type: recorded.type, data: recorded.data } as Event),
        decider.initialState(),
      );
      const decided = decider.decide(command, state, this.clock.now());
      const after = decided.reduce(decider.evolve, state);
      if (decided.length === 0) return { events: decided, state: after, appended: null, revision };
      const toAppend: NewEvent[] = decided.map((event) => ({
        type: event.type,
        data: event.data,
        schemaVersion: decider.schemaVersionOf?.(event.type) ?? 1,
      }));
      try {
        const appended = await this.store.appendToStream(streamId, toAppend, {
          ...context,
          expectedRevision: revision,
        });
        return { events: decided, state: after, appended, revision: appended.nextExpectedRevision };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxRetries) throw error;
      }
    }
  }
}
