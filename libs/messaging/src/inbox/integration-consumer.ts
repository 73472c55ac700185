import type { ContractRegistry } from '@lib/contracts';
import type pg from 'pg';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Consumer, IncomingMessage, MessageTransport, RetryPolicy } from '../transport.port.js';
import type { PostgresInbox } from './postgres-inbox.js';

export interface IntegrationConsumerOptions {
  readonly transport: MessageTransport;
  readonly registry: ContractRegistry;
  readonly inbox: PostgresInbox;
  /** The consumer group, e.g. `compliance-reporting.statistics`; also the inbox's key. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * The contract types this consumer acts on. Messages of other types on its topics are
   * acknowledged without effect (and without validation). Omit to act on every type: every
   * message must then be a registered contract.
   */
  readonly types?: readonly string[];
  /**
   * The effect, on the inbox's transaction: write the read model or run the command there. It
   * must be safe to retry (it is rolled back when it throws) and must not commit by itself.
   */
  readonly handle: (message: IncomingMessage, tx: pg.PoolClient) => Promise<void>;
  readonly retry?: Partial<RetryPolicy>;
  readonly metrics?: { readonly registry: Registry };
}

/**
 * A consumer of integration events: the registry validates each message first (the transport
 * dead-letters a message that breaks its contract, the handler never sees it), then the inbox
 * runs the effect once per message id, in one transaction with the record of the id (ADR 028).
 * Consumer lag per partition is the transport's (`messaging_consumer_lag`); this adds what
 * happened to each message and the delay from the domain event to its effect.
 */
export function consumeIntegrationEvents(options: IntegrationConsumerOptions): Consumer {
  const types = options.types ? new Set(options.types) : undefined;
  const metrics = options.metrics ? consumerMetrics(options.metrics.registry) : undefined;
  const group = options.groupId;
  return options.transport.consume({
    topics: options.topics,
    groupId: group,
    retry: options.retry,
    validate: options.registry.consumeValidator({ types: options.types }),
    handler: async (message) => {
      if (types && !types.has(message.headers.type)) {
        metrics?.messages.inc({ group, outcome: 'ignored' });
        return;
      }
      const outcome = await options.inbox.handleOnce(group, message, (tx) => options.handle(message, tx));
      metrics?.messages.inc({ group, outcome });
      if (outcome === 'handled') {
        const delay = (Date.now() - Date.parse(message.headers.occurredAt)) / 1000;
        if (Number.isFinite(delay)) metrics?.delay.observe({ group }, Math.max(0, delay));
      }
    },
  });
}

interface ConsumerMetrics {
  readonly messages: Counter<'group' | 'outcome'>;
  readonly delay: Histogram<'group'>;
}

const MESSAGES = 'messaging_inbox_messages_total';
const DELAY = 'messaging_consumer_delay_seconds';

function consumerMetrics(registry: Registry): ConsumerMetrics {
  const messages =
    (registry.getSingleMetric(MESSAGES) as Counter<'group' | 'outcome'> | undefined) ??
    new Counter({
      name: MESSAGES,
      help: 'Integration messages a consumer group received, by outcome: handled, duplicate (inbox), ignored (type not used).',
      labelNames: ['group', 'outcome'],
      registers: [registry],
    });
  const delay =
    (registry.getSingleMetric(DELAY) as Histogram<'group'> | undefined) ??
    new Histogram({
      name: DELAY,
      help: 'Seconds from the domain event being recorded to its effect committed by the consumer group.',
      labelNames: ['group'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    });
  return { messages, delay };
}
