import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Where a case stands, as the panel's lists show it: `open` (waiting for the panel's decision),
 * `deferred` (decision deferred for more information), `adopted` (a Channel case: consent and
 * support, reviewed at each meeting), `not-adopted`, `returned-to-police` (not adopted and
 * police-led, or consent refused or withdrawn) and `exited` (closed with an exit outcome; the
 * post-exit reviews follow).
 */
export const CASE_STATUSES = ['open', 'deferred', 'adopted', 'not-adopted', 'returned-to-police', 'exited'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * One row per Channel case, for the case list and the work lists. Codes, dates, ids and counts
 * only: no name, no free text, nothing sealed in the events (as the intake's list, ADR 041), so a
 * person's erasure needs nothing done here. Overdue reviews and stalled interventions are worked
 * out when queried, from today's date.
 */
@Entity({ name: 'case_list' })
@Index('case_list_area_status_idx', ['area', 'status'])
export class CaseListRow {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The case stream's revision this row (and its interventions and post-exit reviews) reflects. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'text' })
  origin!: string;

  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId!: string | null;

  /** The lead area (ONS GSS code): where the person lives; changes on a transfer. */
  @Column({ type: 'text' })
  area!: string;

  @Column({ type: 'text' })
  region!: string;

  @Column({ type: 'text', nullable: true })
  sector!: string | null;

  @Column({ name: 'concern_types', type: 'text', array: true, default: () => "'{}'" })
  concernTypes!: string[];

  @Column({ type: 'text' })
  status!: CaseStatus;

  @Column({ name: 'referred_at', type: 'timestamptz' })
  referredAt!: Date;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  /** The day the case arrived in its current area by transfer (null when it never moved). */
  @Column({ name: 'transferred_on', type: 'date', nullable: true })
  transferredOn!: string | null;

  @Column({ name: 'information_requests', type: 'integer', default: 0 })
  informationRequests!: number;

  @Column({ name: 'information_received', type: 'integer', default: 0 })
  informationReceived!: number;

  /** Every meeting the case was listed for, in the order listed. */
  @Column({ name: 'listed_meeting_ids', type: 'uuid', array: true, default: () => "'{}'" })
  listedMeetingIds!: string[];

  /** When the latest meeting it was listed for takes place. */
  @Column({ name: 'listed_for', type: 'timestamptz', nullable: true })
  listedFor!: Date | null;

  /** Every meeting that discussed it (decision or review). */
  @Column({ name: 'discussed_meeting_ids', type: 'uuid', array: true, default: () => "'{}'" })
  discussedMeetingIds!: string[];

  @Column({ type: 'integer', default: 0 })
  assessments!: number;

  /** `adopted`, `not-adopted` or `deferred`: the panel's latest decision. */
  @Column({ type: 'text', nullable: true })
  decision!: string | null;

  /** With `not-adopted`: referred-to-other-services, no-further-action or returned-to-police. */
  @Column({ name: 'not_adopted_outcome', type: 'text', nullable: true })
  notAdoptedOutcome!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'adopted_on', type: 'date', nullable: true })
  adoptedOn!: string | null;

  /** `given`, `refused` or `withdrawn`: the latest consent record. */
  @Column({ type: 'text', nullable: true })
  consent!: string | null;

  @Column({ name: 'consent_recorded_at', type: 'timestamptz', nullable: true })
  consentRecordedAt!: Date | null;

  @Column({ name: 'support_started_at', type: 'timestamptz', nullable: true })
  supportStartedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  reviews!: number;

  @Column({ name: 'last_reviewed_on', type: 'date', nullable: true })
  lastReviewedOn!: string | null;

  /** The intervention providers (user ids) of its interventions: who else may see it. */
  @Column({ name: 'provider_ids', type: 'text', array: true, default: () => "'{}'" })
  providerIds!: string[];

  @Column({ name: 'returned_to_police_at', type: 'timestamptz', nullable: true })
  returnedToPoliceAt!: Date | null;

  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason!: string | null;

  @Column({ name: 'exit_outcome', type: 'text', nullable: true })
  exitOutcome!: string | null;

  @Column({ name: 'exited_on', type: 'date', nullable: true })
  exitedOn!: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
