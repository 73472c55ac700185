import type { InjectionToken } from '@nestjs/common';
import type { RecordedEvent } from '@lib/event-store';
import type { IncomingMessage, OutgoingMessageWithTopic, RetryPolicy } from '@lib/messaging';
import type pg from 'pg';

/**
 * A service's mapping from its own domain events to the integration events other contexts need
 * (the relay's `map`, ADR 027). Provided by the service as an injectable class; the token goes in
 * `PlatformModule.forRoot({ messaging: { relay: { mapping } } })`.
 */
export abstract class IntegrationEventMapping {
  /**
   * The messages one domain event becomes (often none). Deterministic; may be async to look
   * something up (throw `MappingUnavailableError` when that is out of reach: the relay retries).
   */
  abstract map(
    event: RecordedEvent,
  ): readonly OutgoingMessageWithTopic[] | Promise<readonly OutgoingMessageWithTopic[]>;
}

/**
 * One consumer of integration events in a service: the group it reads in, what it acts on, and
 * the effect, run once per message in the inbox's transaction (ADR 028). Provided by the service
 * as an injectable class; its token goes in `PlatformModule.forRoot({ messaging: { consumers } })`.
 */
export abstract class IntegrationEventConsumer {
  /** The consumer group, `<service>.<purpose>` (e.g. `referral-intake.returns-from-channel`). */
  abstract readonly groupId: string;
  abstract readonly topics: readonly string[];
  /** The contract types it acts on; other types on its topics are acknowledged without effect. */
  abstract readonly types?: readonly string[];
  readonly retry?: Partial<RetryPolicy>;
  /**
   * The effect. What it writes on `tx` commits with the inbox row; anything it does elsewhere
   * (appending to the event store) must be recognisable on a redelivery by itself.
   */
  abstract handle(message: IncomingMessage, tx: pg.PoolClient): Promise<void>;
}

export interface RelayRegistration {
  /** The token of the service's {@link IntegrationEventMapping}. */
  readonly mapping: InjectionToken;
  /** Only streams of these categories (e.g. `['referral', 'subject']`). */
  readonly categories?: readonly string[];
  /** Names the relay's checkpoint and its metrics label. Default `<service>.relay`. */
  readonly subscriptionId?: string;
}

/** What a service publishes and consumes: the `messaging` option of `PlatformModule.forRoot`. */
export interface MessagingOptions {
  /** The service's relay: its own event store → the topics. Omit when it publishes nothing. */
  readonly relay?: RelayRegistration;
  /** Tokens of the service's {@link IntegrationEventConsumer}s. */
  readonly consumers?: readonly InjectionToken[];
}

/** The options the platform's messaging runs with (DI token). */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
