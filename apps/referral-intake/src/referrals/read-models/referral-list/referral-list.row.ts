import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Where a referral stands in the police's work (the queue and the referral's summary):
 * `received` → `acknowledged` → `assigned` → `in-triage` (de-confliction, information, the
 * gateway assessment) → `decided`, or `withdrawn`; `reopened` when Channel sent it back and a new
 * decision is awaited.
 */
export const REFERRAL_STATUSES = [
  'received',
  'acknowledged',
  'assigned',
  'in-triage',
  'decided',
  'reopened',
  'withdrawn',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/**
 * One row per referral, for the queue and the referral's summary. Codes, dates and officers' ids
 * only: no name, no free text, nothing sealed in the events (ADR 041). "Seen before" and "overdue"
 * are worked out when queried, from the other rows and today's date.
 */
@Entity({ name: 'referral_list' })
@Index('referral_list_area_received_idx', ['area', 'receivedAt'])
@Index('referral_list_subject_idx', ['subjectId', 'receivedAt'])
export class ReferralListRow {
  @PrimaryColumn({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  /** The referral stream's revision this row reflects. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'text' })
  status!: ReferralStatus;

  @Column({ name: 'received_via', type: 'text' })
  receivedVia!: string;

  @Column({ type: 'text' })
  area!: string;

  @Column({ type: 'text' })
  region!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ name: 'concern_code_list', type: 'text' })
  concernCodeList!: string;

  @Column({ name: 'concern_types', type: 'text', array: true })
  concernTypes!: string[];

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** The day received, in England and Wales: what working days are counted from. */
  @Column({ name: 'received_on', type: 'date' })
  receivedOn!: string;

  /** The day since which a decision is awaited (received, or reopened); null once decided or withdrawn. */
  @Column({ name: 'awaiting_decision_since', type: 'date', nullable: true })
  awaitingDecisionSince!: string | null;

  @Column({ name: 'officer_id', type: 'text', nullable: true })
  officerId!: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  /** `cleared`, or `live-investigation` (then the referral is closed for it). */
  @Column({ type: 'text', nullable: true })
  deconfliction!: string | null;

  @Column({ name: 'information_requests', type: 'integer', default: 0 })
  informationRequests!: number;

  @Column({ name: 'assessed_at', type: 'timestamptz', nullable: true })
  assessedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ name: 'decision_number', type: 'integer', default: 0 })
  decisionNumber!: number;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** The day of the latest decision in England and Wales (its age stops counting there). */
  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'channel_area', type: 'text', nullable: true })
  channelArea!: string | null;

  @Column({ name: 'signed_off_by', type: 'text', nullable: true })
  signedOffBy!: string | null;

  @Column({ name: 'signed_off_at', type: 'timestamptz', nullable: true })
  signedOffAt!: Date | null;

  @Column({ name: 'reopened_at', type: 'timestamptz', nullable: true })
  reopenedAt!: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason!: string | null;
}
