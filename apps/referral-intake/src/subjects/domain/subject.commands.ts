import type { Gender } from '@lib/contracts';
import type { Personal } from '../../referrals/domain/personal.js';
import type { SubjectDetails } from './subject.events.js';

/** Record a person for the first time. Details arrive sealed under `subjectId`'s key. */
export interface RegisterSubject {
  readonly type: 'RegisterSubject';
  readonly subjectId: string;
  readonly area: string;
  readonly gender: Gender;
  readonly details: SubjectDetails;
}

/** Correct some of the person's details, with a reason; only the fields given change. */
export interface CorrectSubjectDetails {
  readonly type: 'CorrectSubjectDetails';
  readonly subjectId: string;
  readonly area?: string;
  readonly gender?: Gender;
  readonly details: Partial<SubjectDetails>;
  readonly reason: Personal<string>;
}

export type SubjectCommand = RegisterSubject | CorrectSubjectDetails;
