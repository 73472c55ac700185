import { describe, expect, it } from '@jest/globals';
import { CORE_DUTIES, LOCAL_AUTHORITY_BENCHMARKS, type Benchmark, type BenchmarkStatus } from './authority.codes.js';
import { londonDate, overdueReviews, ragOf, statusCounts } from './rag.js';

const all = (benchmarks: readonly Benchmark[], status: BenchmarkStatus) =>
  Object.fromEntries(benchmarks.map((benchmark) => [benchmark, status])) as Partial<Record<Benchmark, BenchmarkStatus>>;

describe('red-amber-green', () => {
  it('is green when every area is met', () => {
    expect(ragOf(statusCounts('local-authority', all(LOCAL_AUTHORITY_BENCHMARKS, 'met')))).toBe('green');
    expect(ragOf(statusCounts('health', all(CORE_DUTIES, 'met')))).toBe('green');
  });

  it('is amber when an area is partly met and none is not met', () => {
    const statuses = { ...all(CORE_DUTIES, 'met'), 'staff-training': 'partly-met' as const };
    expect(statusCounts('school', statuses)).toEqual({ met: 5, partlyMet: 1, notMet: 0, notAssessed: 0 });
    expect(ragOf(statusCounts('school', statuses))).toBe('amber');
  });

  it('is red when an area is not met, whatever the others', () => {
    const statuses = { ...all(CORE_DUTIES, 'partly-met'), 'action-plan': 'not-met' as const };
    expect(ragOf(statusCounts('police', statuses))).toBe('red');
  });

  it('is red while an area has never been assessed', () => {
    const statuses = { ...all(LOCAL_AUTHORITY_BENCHMARKS, 'met') };
    delete statuses['communications-and-engagement'];
    expect(statusCounts('local-authority', statuses)).toEqual({ met: 7, partlyMet: 0, notMet: 0, notAssessed: 1 });
    expect(ragOf(statusCounts('local-authority', statuses))).toBe('red');
  });

  it('counts only the areas the authority is judged on', () => {
    const statuses = { ...all(CORE_DUTIES, 'met'), 'channel-panel': 'not-met' as const };
    expect(ragOf(statusCounts('probation', statuses))).toBe('green');
  });
});

describe('overdue reviews', () => {
  it('lists the areas whose review date is before today, earliest first; today itself is not overdue', () => {
    expect(
      overdueReviews(
        {
          'action-plan': { reviewDue: '2025-04-30' },
          'risk-assessment': { reviewDue: '2025-03-01' },
          'staff-training': { reviewDue: '2025-05-01' },
        },
        '2025-05-01',
      ),
    ).toEqual([
      { benchmark: 'risk-assessment', reviewDue: '2025-03-01' },
      { benchmark: 'action-plan', reviewDue: '2025-04-30' },
    ]);
  });

  it('takes the day in London: 23:30 UTC on 31 May is already 1 June', () => {
    expect(londonDate(new Date('2025-05-31T23:30:00Z'))).toBe('2025-06-01');
    expect(londonDate(new Date('2025-01-31T23:30:00Z'))).toBe('2025-01-31');
  });
});
