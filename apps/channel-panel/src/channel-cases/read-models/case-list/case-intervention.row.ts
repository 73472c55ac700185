import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One intervention of a case's support plan, for the stalled-intervention alert. Kept by the case
 * list's projection under the case row's revision guard (written only when the case row applied
 * the event), so it needs no revision of its own. No description or notes: codes and dates.
 */
@Entity({ name: 'case_intervention' })
@Index('case_intervention_quiet_idx', ['status', 'quietSince'])
export class CaseInterventionRow {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ name: 'intervention_id', type: 'text' })
  interventionId!: string;

  @Column({ name: 'type_code_list', type: 'text' })
  typeCodeList!: string;

  @Column({ name: 'type_code', type: 'text' })
  typeCode!: string;

  @Column({ name: 'owner_agency', type: 'text' })
  ownerAgency!: string;

  @Column({ name: 'provider_id', type: 'text', nullable: true })
  providerId!: string | null;

  /** planned, active, paused, completed, stopped */
  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'planned_on', type: 'date' })
  plannedOn!: string;

  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn!: string | null;

  @Column({ type: 'integer', default: 0 })
  sessions!: number;

  @Column({ name: 'last_session_on', type: 'date', nullable: true })
  lastSessionOn!: string | null;

  /** The day of its latest session, progress update or status change. */
  @Column({ name: 'last_activity_on', type: 'date', nullable: true })
  lastActivityOn!: string | null;

  /** What the stalled rule counts from (`quietSince` of the rule): kept so a query compares one date. */
  @Column({ name: 'quiet_since', type: 'date' })
  quietSince!: string;
}
