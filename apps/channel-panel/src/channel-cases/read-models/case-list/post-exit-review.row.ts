import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A review scheduled by a case's exit (6 and 12 months after it), and its outcome once completed.
 * Kept by the case list's projection under the case row's revision guard.
 */
@Entity({ name: 'post_exit_review' })
export class PostExitReviewRow {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** `6-months` or `12-months` */
  @PrimaryColumn({ type: 'text' })
  review!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
