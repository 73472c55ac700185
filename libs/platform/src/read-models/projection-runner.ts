import {
  comparePositions,
  EventStore,
  START,
  streamCategory,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
} from '@lib/event-store';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection.js';
import { ProjectionCheckpointRow, ReadModelCheckpointStore } from './read-model-checkpoint.entity.js';

export interface ProjectionRunnerOptions {
  /** Names the subscription and its checkpoint row. */
  readonly subscriptionId?: string;
  readonly projections: readonly Projection[];
  /** After a failure, how long before the runner subscribes again from its checkpoint. Default 5 s. */
  readonly restartAfterMs?: number;
  readonly log?: { error(message: string): void; log(message: string): void };
}

export type RunnerState = 'stopped' | 'running' | 'failed';

export interface RebuildResult {
  /** Events applied from the start of the log until the read models caught up. */
  readonly events: number;
  readonly durationMs: number;
}

/**
 * Feeds the projections from the event store: one checkpointed subscription to the log
 * (filtered by the projections' categories), each event applied by every projection that reads
 * its category, in one transaction on the read-model connection. The checkpoint lives in the
 * read-model schema, with the rows; delivery is at least once, and the projections' revision guard
 * makes a second delivery harmless. A failing projection stops the subscription; the runner
 * subscribes again from its checkpoint after `restartAfterMs`.
 */
export class ProjectionRunner {
  private readonly subscriptionId: string;
  private readonly projections: readonly Projection[];
  private readonly categories: readonly string[];
  private readonly checkpoints: ReadModelCheckpointStore;
  private readonly restartAfterMs: number;
  private subscription: Subscription | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private position: GlobalPosition = START;
  private applied = 0;
  private lastError: unknown;
  private current: RunnerState = 'stopped';
  private exclusive: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly eventStore: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: ProjectionRunnerOptions,
  ) {
    this.subscriptionId = options.subscriptionId ?? 'read-models';
    this.projections = options.projections;
    this.categories = [...new Set(options.projections.flatMap((projection) => projection.categories))].sort();
    this.checkpoints = new ReadModelCheckpointStore(dataSource);
    this.restartAfterMs = options.restartAfterMs ?? 5000;
  }

  get state(): RunnerState {
    return this.current;
  }

  /** The error that stopped the runner last, if it is failed. */
  get error(): unknown {
    return this.current === 'failed' ? this.lastError : undefined;
  }

  /** Subscribes from the stored checkpoint (the read-model data source must be initialised). */
  async start(): Promise<void> {
    if (this.subscription) return;
    clearTimeout(this.restartTimer);
    this.position = (await this.checkpoints.load(this.subscriptionId)) ?? START;
    const subscription = this.eventStore.subscribeToAll({
      subscriptionId: this.subscriptionId,
      checkpoints: this.checkpoints,
      categories: this.categories,
      handler: (event) => this.handle(event),
    });
    this.subscription = subscription;
    this.current = 'running';
    this.lastError = undefined;
    subscription.done.then(
      () => {
        if (this.subscription === subscription) this.subscription = undefined;
      },
      (error: unknown) => {
        if (this.subscription !== subscription) return;
        this.subscription = undefined;
        this.current = 'failed';
        this.lastError = error;
        this.options.log?.error(
          `read models stopped (${error instanceof Error ? error.message : String(error)}); retrying in ${this.restartAfterMs} ms`,
        );
        this.restartTimer = setTimeout(() => void this.start().catch(() => undefined), this.restartAfterMs);
        this.restartTimer.unref();
      },
    );
  }

  async stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    const subscription = this.subscription;
    this.subscription = undefined;
    this.current = 'stopped';
    await subscription?.stop();
  }

  /**
   * Resolves once every event of the projections' categories that is readable now has been
   * applied (what a test, or a rebuild, waits for); rejects if the runner fails meanwhile.
   *
   * With `through`, first waits until the runner has passed that position — the position an
   * append answered. Without it, an event appended just before may not be readable yet: the
   * global log only shows what every older transaction on the server has finished (ADR 003).
   */
  async settled(options: number | { through?: GlobalPosition; timeoutMs?: number } = {}): Promise<void> {
    const { through, timeoutMs = 15_000 } = typeof options === 'number' ? { timeoutMs: options } : options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.current === 'failed') throw this.lastError;
      if (through === undefined || comparePositions(this.position, through) >= 0) {
        const pending = await this.eventStore.readAll({
          after: this.position,
          maxCount: 1,
          categories: this.categories,
        });
        if (pending.length === 0) return;
      }
      if (this.current === 'stopped') throw new Error('The projection runner is stopped');
      if (Date.now() > deadline) throw new Error(`Read models did not catch up within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Empties every read-model table and the checkpoint, then replays the whole log and waits until
   * the read models have caught up. One rebuild at a time; queries meanwhile see partial read models.
   */
  rebuild(timeoutMs = 120_000): Promise<RebuildResult> {
    const run = this.exclusive.then(async () => {
      const started = Date.now();
      await this.stop();
      const tables = [
        ...new Set(
          [...this.projections.flatMap((p) => p.entities), ProjectionCheckpointRow].map((entity) => {
            const metadata = this.dataSource.getMetadata(entity);
            return `"${metadata.schema ?? 'public'}"."${metadata.tableName}"`;
          }),
        ),
      ];
      await this.dataSource.query(`TRUNCATE ${tables.join(', ')}`);
      this.applied = 0;
      await this.start();
      await this.settled(timeoutMs);
      const result = { events: this.applied, durationMs: Date.now() - started };
      this.options.log?.log(`read models rebuilt: ${result.events} events in ${result.durationMs} ms`);
      return result;
    });
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const category = streamCategory(event.streamId);
    const readers = this.projections.filter((projection) => projection.categories.includes(category));
    if (readers.length > 0) {
      await this.dataSource.transaction(async (manager) => {
        for (const projection of readers) await projection.apply(event, manager);
      });
    }
    this.position = event.globalPosition;
    this.applied += 1;
  }
}
