import type pg from 'pg';
import {
  START,
  type CheckpointStore,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
  type SubscriptionOptions,
} from '../event-store.port.js';

/** What a subscription needs from its store. */
export interface SubscriptionSource {
  readonly pool: pg.Pool;
  /** LISTEN/NOTIFY channel on which stores announce their appends. */
  readonly channel: string;
  readonly checkpoints: CheckpointStore;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  /** The committed global log strictly after `after`, below the horizon of running transactions. */
  readAfter(
    after: GlobalPosition,
    maxCount: number,
    categories: readonly string[] | undefined,
  ): Promise<RecordedEvent[]>;
  /** Whether committed events (of these categories) are not yet readable because an older transaction still runs. */
  heldBack(categories: readonly string[] | undefined): Promise<boolean>;
}

/** How soon a subscription looks again when committed events wait behind the horizon. */
const HELD_BACK_RETRY_MS = 25;

/**
 * Catches up from the checkpoint in batches, then follows the log: it wakes on a notification
 * (LISTEN on a client of its own), when its own store appends, or after `pollIntervalMs`,
 * whichever comes first. A notification may arrive while an older transaction (anywhere on the
 * server: the horizon is cluster-wide) still holds committed events back; the subscription then
 * looks again after {@link HELD_BACK_RETRY_MS} rather than a whole poll interval. The checkpoint is stored after each batch handled, when stopping and when the handler
 * fails (so that the failed event is delivered again): at least once.
 */
export class PostgresSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopping = false;
  private notified = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscriptionOptions,
  ) {
    this.done = this.run();
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.done.catch(() => undefined);
  }

  /** Makes a waiting subscription read the log again now (an append has committed). */
  poke(): void {
    this.notified = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { handler, subscriptionId, categories } = this.options;
    const checkpoints = this.options.checkpoints ?? this.source.checkpoints;
    let listener: pg.PoolClient | undefined;
    let listenerError: Error | undefined;
    const onListenerError = (error: Error) => {
      listenerError = error;
    };
    let position = START;
    let unsaved = false;
    try {
      listener = await this.source.pool.connect();
      listener.on('notification', (message) => {
        if (message.channel === this.source.channel) this.poke();
      });
      listener.on('error', onListenerError);
      await listener.query(`LISTEN "${this.source.channel}"`);
      position = (await checkpoints.load(subscriptionId)) ?? START;
      let caughtUpAnnounced = false;
      let deliveredSinceCaughtUp = false;
      while (!this.stopping) {
        this.notified = false;
        const batch = await this.source.readAfter(position, this.source.batchSize, categories);
        for (const event of batch) {
          if (this.stopping) break;
          await handler(event);
          position = event.globalPosition;
          unsaved = true;
          deliveredSinceCaughtUp = true;
        }
        if (unsaved) {
          await checkpoints.store(subscriptionId, position);
          unsaved = false;
        }
        if (this.stopping || batch.length === this.source.batchSize) continue;
        if (!caughtUpAnnounced || deliveredSinceCaughtUp) {
          caughtUpAnnounced = true;
          deliveredSinceCaughtUp = false;
          this.options.onCaughtUp?.();
        }
        const heldBack = await this.source.heldBack(categories);
        await this.nextWake(
          heldBack ? Math.min(HELD_BACK_RETRY_MS, this.source.pollIntervalMs) : this.source.pollIntervalMs,
        );
      }
    } catch (error) {
      if (unsaved) await checkpoints.store(subscriptionId, position).catch(() => undefined);
      this.options.onError?.(error);
      throw error;
    } finally {
      if (listener) await release(listener, this.source.channel, onListenerError, listenerError);
    }
  }

  private nextWake(waitMs: number): Promise<void> {
    if (this.notified || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      this.wake = done;
    });
  }
}

async function release(
  listener: pg.PoolClient,
  channel: string,
  onError: (error: Error) => void,
  error: Error | undefined,
): Promise<void> {
  listener.removeAllListeners('notification');
  if (error) {
    listener.release(error);
    return;
  }
  try {
    await listener.query(`UNLISTEN "${channel}"`);
    listener.removeListener('error', onError);
    listener.release();
  } catch (unlistenError) {
    listener.release(unlistenError instanceof Error ? unlistenError : true);
  }
}
