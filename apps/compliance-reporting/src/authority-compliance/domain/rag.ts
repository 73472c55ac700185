import { benchmarksFor, type AuthorityType, type Benchmark, type BenchmarkStatus } from './authority.codes.js';

/**
 * Red-amber-green of one authority, from the statuses of the areas it is judged on (ADR 101):
 * - `red`: an area is not met, or has never been assessed (no evidence is no assurance);
 * - `amber`: otherwise, an area is partly met;
 * - `green`: every area is met.
 * A review date that has passed does not change the colour (the status stands until reassessed);
 * it is shown beside it as an overdue review.
 */
export type Rag = 'red' | 'amber' | 'green';
export const RAGS = ['red', 'amber', 'green'] as const;

/** How many of an authority's areas stand at each status. */
export interface StatusCounts {
  readonly met: number;
  readonly partlyMet: number;
  readonly notMet: number;
  readonly notAssessed: number;
}

export function statusCounts(type: AuthorityType, statuses: Partial<Record<Benchmark, BenchmarkStatus>>): StatusCounts {
  const counts = { met: 0, partlyMet: 0, notMet: 0, notAssessed: 0 };
  for (const benchmark of benchmarksFor(type)) {
    const status = statuses[benchmark];
    if (status === 'met') counts.met += 1;
    else if (status === 'partly-met') counts.partlyMet += 1;
    else if (status === 'not-met') counts.notMet += 1;
    else counts.notAssessed += 1;
  }
  return counts;
}

export function ragOf(counts: StatusCounts): Rag {
  if (counts.notMet > 0 || counts.notAssessed > 0) return 'red';
  return counts.partlyMet > 0 ? 'amber' : 'green';
}

/** A review that is overdue: its date is before today. */
export interface OverdueReview {
  readonly benchmark: Benchmark;
  readonly reviewDue: string;
}

/** The areas whose review date has passed, earliest first. `today` is a London day (YYYY-MM-DD). */
export function overdueReviews(
  reviews: Partial<Record<Benchmark, { readonly reviewDue: string }>>,
  today: string,
): OverdueReview[] {
  return (Object.entries(reviews) as [Benchmark, { reviewDue: string }][])
    .filter(([, review]) => review.reviewDue < today)
    .map(([benchmark, review]) => ({ benchmark, reviewDue: review.reviewDue }))
    .sort((a, b) => a.reviewDue.localeCompare(b.reviewDue) || a.benchmark.localeCompare(b.benchmark));
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The day an instant falls on in England and Wales (YYYY-MM-DD): what review dates compare with. */
export function londonDate(instant: Date): string {
  return LONDON_DAY.format(instant);
}
