import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An agency present at a meeting, and in which part (chair, member, coordinator, invited). */
export interface MeetingAttendance {
  readonly agency: string;
  readonly role: string;
}

/**
 * One row per panel meeting, for the meeting list, the agenda and the work lists: its area, date,
 * agenda (case ids), attendance by agency and quorum. The minutes are not copied (they stay sealed
 * in the meeting's stream, shown on the case timeline); nor are attendees' user ids.
 */
@Entity({ name: 'meeting_list' })
@Index('meeting_list_area_date_idx', ['area', 'meetingOn'])
export class MeetingListRow {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  /** The meeting stream's revision this row reflects. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'text' })
  area!: string;

  @Column({ name: 'meeting_at', type: 'timestamptz' })
  meetingAt!: Date;

  /** The meeting's day in England and Wales: what "the next meeting" and "a meeting passed" compare. */
  @Column({ name: 'meeting_on', type: 'date' })
  meetingOn!: string;

  /** `scheduled` or `cancelled` */
  @Column({ type: 'text' })
  status!: 'scheduled' | 'cancelled';

  /** The case ids on its agenda, in the order added. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  agenda!: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attendance!: MeetingAttendance[];

  /** Null until attendance is recorded. */
  @Column({ type: 'boolean', nullable: true })
  quorate!: boolean | null;

  @Column({ name: 'minutes_recorded_at', type: 'timestamptz', nullable: true })
  minutesRecordedAt!: Date | null;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt!: Date;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;
}
