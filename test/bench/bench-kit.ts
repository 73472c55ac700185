import { performance } from 'node:perf_hooks';

/** One measured workload: throughput over the whole run, latency per operation. */
export interface Measurement {
  readonly operations: number;
  /** Items processed per operation (events per append, events per read...). */
  readonly itemsPerOperation: number;
  readonly seconds: number;
  readonly latenciesMs: Float64Array;
  readonly heapDeltaMb: number;
}

export interface Figures {
  readonly opsPerSecond: number;
  readonly itemsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly heapDeltaMb: number;
}

export function figures(measurement: Measurement): Figures {
  const sorted = Float64Array.from(measurement.latenciesMs).sort();
  return {
    opsPerSecond: measurement.operations / measurement.seconds,
    itemsPerSecond: (measurement.operations * measurement.itemsPerOperation) / measurement.seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    heapDeltaMb: measurement.heapDeltaMb,
  };
}

export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index];
}

/**
 * Runs `workers` concurrent loops of `operationsPerWorker` calls each; worker `w` calls
 * `operation(w, i)` for i = 0.. in sequence. Latency is measured per call, throughput over the
 * whole run.
 */
export async function measureConcurrent(options: {
  workers: number;
  operationsPerWorker: number;
  itemsPerOperation?: number;
  operation: (worker: number, index: number) => Promise<unknown>;
}): Promise<Measurement> {
  const latencies = new Float64Array(options.workers * options.operationsPerWorker);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.workers }, async (_, worker) => {
      for (let index = 0; index < options.operationsPerWorker; index += 1) {
        const t0 = performance.now();
        await options.operation(worker, index);
        latencies[worker * options.operationsPerWorker + index] = performance.now() - t0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    operations: latencies.length,
    itemsPerOperation: options.itemsPerOperation ?? 1,
    seconds,
    latenciesMs: latencies,
    heapDeltaMb: (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024,
  };
}

/** Measures one long-running task that processes `items` items (a catch-up, a bulk read). */
export async function measureOnce(items: number, task: () => Promise<unknown>): Promise<Measurement> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  await task();
  const elapsed = performance.now() - started;
  return {
    operations: 1,
    itemsPerOperation: items,
    seconds: elapsed / 1000,
    latenciesMs: Float64Array.of(elapsed),
    heapDeltaMb: (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024,
  };
}

/**
 * Runs subject and baseline alternately for `rounds` rounds (after one unmeasured warm-up
 * round each) and keeps, for each, the round with the median throughput. Alternating spreads
 * the disk's and the server's slow moments over both sides instead of charging them to
 * whichever runs first.
 */
export async function alternate(
  rounds: number,
  subject: (round: number) => Promise<Measurement>,
  baseline: (round: number) => Promise<Measurement>,
): Promise<{ subject: Figures; baseline: Figures }> {
  await subject(-1);
  await baseline(-1);
  const subjects: Figures[] = [];
  const baselines: Figures[] = [];
  for (let round = 0; round < rounds; round += 1) {
    subjects.push(figures(await subject(round)));
    baselines.push(figures(await baseline(round)));
  }
  return { subject: median(subjects), baseline: median(baselines) };
}

function median(runs: Figures[]): Figures {
  const sorted = [...runs].sort((a, b) => a.itemsPerSecond - b.itemsPerSecond);
  return sorted[Math.floor(sorted.length / 2)];
}

export interface ComparedRow {
  readonly scenario: string;
  readonly unit: string;
  readonly subject: Figures;
  readonly baseline: Figures;
}

const number = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

/** A Markdown table: each figure beside its baseline and the ratio subject/baseline. */
export function comparisonTable(rows: readonly ComparedRow[]): string {
  const lines = [
    '| scenario | event store | baseline | ratio | p50 ms (store / base) | p99 ms (store / base) | heap Δ MB (store) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.scenario} | ${number(row.subject.itemsPerSecond)} ${row.unit} | ${number(row.baseline.itemsPerSecond)} ${row.unit} | ` +
        `${number(row.subject.itemsPerSecond / row.baseline.itemsPerSecond, 2)} | ` +
        `${number(row.subject.p50Ms, 2)} / ${number(row.baseline.p50Ms, 2)} | ` +
        `${number(row.subject.p99Ms, 2)} / ${number(row.baseline.p99Ms, 2)} | ${number(row.subject.heapDeltaMb, 1)} |`,
    );
  }
  return lines.join('\n');
}
