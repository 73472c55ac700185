/**
 * What compliance-reporting answers about specified authorities (its README, "Authority
 * compliance"): the dashboard page and one authority's drill-down. No person anywhere: owners are
 * posts, evidence is a document reference and a summary, training is counts.
 */
export type Rag = 'red' | 'amber' | 'green';
export type BenchmarkStatus = 'met' | 'partly-met' | 'not-met';

export interface StatusCounts {
  readonly met: number;
  readonly partlyMet: number;
  readonly notMet: number;
  readonly notAssessed: number;
}

export interface AuthoritySummary {
  readonly authorityId: string;
  readonly revision: number;
  readonly name: string;
  readonly type: string;
  readonly area: string;
  readonly region: string;
  readonly rag: Rag;
  readonly statuses: StatusCounts;
  readonly overdueReviews: readonly { readonly benchmark: string; readonly reviewDue: string }[];
  readonly nextReviewDue: string | null;
  readonly training: { readonly trained: number; readonly inPost: number; readonly groups: readonly string[] };
  readonly latestAssuranceStatement: { readonly year: string; readonly submittedOn: string } | null;
}

export interface AuthorityDashboard {
  readonly today: string;
  readonly totals: { readonly red: number; readonly amber: number; readonly green: number; readonly overdue: number };
  readonly items: readonly AuthoritySummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface Evidence {
  readonly reference: string;
  readonly summary: string;
}

export interface AssessmentRecord {
  readonly status: BenchmarkStatus;
  readonly evidence: Evidence;
  readonly owner: string;
  readonly reviewDue: string;
  readonly assessedAt: string;
  readonly recordedBy: { readonly id: string; readonly role: string };
  readonly reason: string | null;
}

export interface AuthorityRecord {
  readonly authorityId: string;
  readonly name: string;
  readonly type: string;
  readonly area: string;
  readonly region: string;
  readonly rag: Rag;
  readonly statuses: StatusCounts;
  readonly today: string;
  readonly benchmarks: readonly {
    readonly benchmark: string;
    readonly status: BenchmarkStatus | null;
    readonly evidence: Evidence | null;
    readonly owner: string | null;
    readonly reviewDue: string | null;
    readonly overdue: boolean;
    readonly history: readonly AssessmentRecord[];
  }[];
  readonly training: readonly {
    readonly staffGroup: string;
    readonly trained: number;
    readonly inPost: number;
    readonly asOf: string;
  }[];
  /** Local authorities only; null for every other type. */
  readonly assuranceStatements: readonly { readonly year: string; readonly submittedOn: string }[] | null;
  readonly revision: number;
}
