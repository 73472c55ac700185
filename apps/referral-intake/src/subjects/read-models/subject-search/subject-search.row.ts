import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One name of the person as the matcher keeps it: normalised tokens, never the name as typed. */
export interface NameKeys {
  readonly given: string[];
  readonly family: string[];
}

/**
 * What the intake's search for earlier records of a person needs, one row per subject: the
 * normalised tokens of each of their names (the known name first, then other names), the
 * phonetic keys of every token, and the date of birth. This is personal data outside the event
 * store, in clear: once the subject's key is destroyed the row keeps only its id, area and
 * revision (`erased`), see ADR 041.
 */
@Entity({ name: 'subject_search' })
@Index('subject_search_date_of_birth_idx', ['dateOfBirth'])
@Index('subject_search_area_idx', ['area'])
export class SubjectSearchRow {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** The subject stream's revision this row reflects. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'text' })
  area!: string;

  @Column({ type: 'jsonb' })
  names!: NameKeys[];

  @Column({ name: 'phonetic_keys', type: 'text', array: true })
  phoneticKeys!: string[];

  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth!: string | null;

  /** The subject's key was destroyed: their names and date of birth are forgotten here too. */
  @Column({ type: 'boolean', default: false })
  erased!: boolean;
}
