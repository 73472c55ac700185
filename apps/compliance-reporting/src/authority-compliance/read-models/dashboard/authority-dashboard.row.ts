import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuthorityType, Benchmark, BenchmarkStatus, StaffGroup } from '../../domain/authority.codes.js';
import type { Rag } from '../../domain/rag.js';

/** Where one area stands, as the dashboard shows it. */
export interface DashboardBenchmark {
  readonly status: BenchmarkStatus;
  readonly owner: string;
  readonly reviewDue: string;
}

/** Latest training counts of one group of staff. */
export interface DashboardTraining {
  readonly trained: number;
  readonly inPost: number;
  readonly asOf: string;
}

/**
 * One row per specified authority for the compliance dashboard (ADR 101): its type and place, the
 * latest status of each area it is judged on, the counts and RAG those give, the earliest review
 * date (overdue is that date against today, in the query), training coverage and the assurance
 * statements. No person: owners are posts, training is counts.
 */
@Entity({ name: 'authority_compliance' })
@Index('authority_compliance_area_idx', ['area'])
@Index('authority_compliance_region_idx', ['region'])
export class AuthorityDashboardRow {
  @PrimaryColumn({ name: 'authority_id', type: 'uuid' })
  authorityId!: string;

  /** The authority stream's revision this row reflects. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  type!: AuthorityType;

  @Column({ type: 'text' })
  area!: string;

  @Column({ type: 'text' })
  region!: string;

  @Column({ type: 'text' })
  rag!: Rag;

  @Column({ type: 'integer' })
  met!: number;

  @Column({ name: 'partly_met', type: 'integer' })
  partlyMet!: number;

  @Column({ name: 'not_met', type: 'integer' })
  notMet!: number;

  @Column({ name: 'not_assessed', type: 'integer' })
  notAssessed!: number;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  benchmarks!: Partial<Record<Benchmark, DashboardBenchmark>>;

  /** The earliest review date of its areas; null until one is assessed. */
  @Column({ name: 'earliest_review_due', type: 'date', nullable: true })
  earliestReviewDue!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  training!: Partial<Record<StaffGroup, DashboardTraining>>;

  /** Financial year to the day its assurance statement was submitted (local authorities). */
  @Column({ name: 'assurance_statements', type: 'jsonb', default: () => "'{}'" })
  assuranceStatements!: Record<string, string>;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;
}
