import { Counter, Gauge, type Registry } from 'prom-client';

/** What the relay's gauges read when scraped. */
export interface RelayLagSource {
  readonly name: string;
  /** Seconds between now and the oldest domain event read but not yet published; 0 when caught up. */
  lagSeconds(): number;
}

export interface RelayMetrics {
  readonly published: Counter<'relay' | 'topic' | 'type'>;
  readonly failures: Counter<'relay'>;
  register(source: RelayLagSource): () => void;
}

const LAG = 'messaging_relay_lag_seconds';
const PUBLISHED = 'messaging_relay_published_total';
const FAILURES = 'messaging_relay_failures_total';
const sourcesByRegistry = new WeakMap<Registry, Set<RelayLagSource>>();

/** The relay metrics of a registry, created once and shared by every relay registered on it. */
export function relayMetrics(registry: Registry): RelayMetrics {
  let sources = sourcesByRegistry.get(registry);
  if (!sources) {
    const lagSources = new Set<RelayLagSource>();
    sources = lagSources;
    sourcesByRegistry.set(registry, lagSources);
    new Gauge({
      name: LAG,
      help: 'Seconds the relay is behind its event store: age of the oldest domain event read but not yet published (0 when caught up).',
      labelNames: ['relay'],
      registers: [registry],
      collect() {
        this.reset();
        for (const source of lagSources) this.set({ relay: source.name }, source.lagSeconds());
      },
    });
    new Counter({
      name: PUBLISHED,
      help: 'Integration messages the relay published (at least once: a republish after a crash counts again).',
      labelNames: ['relay', 'topic', 'type'],
      registers: [registry],
    });
    new Counter({
      name: FAILURES,
      help: 'Times the relay stopped on an error (and restarted after a backoff, unless the error was a contract violation).',
      labelNames: ['relay'],
      registers: [registry],
    });
  }
  const registered = sources;
  return {
    published: registry.getSingleMetric(PUBLISHED) as Counter<'relay' | 'topic' | 'type'>,
    failures: registry.getSingleMetric(FAILURES) as Counter<'relay'>,
    register(source) {
      registered.add(source);
      return () => registered.delete(source);
    },
  };
}
