import { describe, it } from '@jest/globals';
import { deciderSpec } from '@lib/testing';
import { sealed, SUBJECT_ID } from '../../referrals/domain/referral.builders.js';
import { decide, evolve, initialState, type Subject } from './subject.js';
import type { CorrectSubjectDetails, RegisterSubject, SubjectCommand } from './subject.commands.js';
import {
  NothingToCorrectInSubjectError,
  SubjectAlreadyRegisteredError,
  SubjectNotFoundError,
} from './subject.errors.js';
import type { PersonName, SubjectDetailsCorrected, SubjectEvent, SubjectRegistered } from './subject.events.js';

const NOW = new Date('2025-03-03T10:00:00.000Z');
const given = deciderSpec<SubjectCommand, SubjectEvent, Subject>({
  decide: (command, state) => decide(command, state, NOW),
  evolve,
  initialState,
});

const details = { name: sealed<PersonName>('Mohammed Khan'), dateOfBirth: sealed('2008-03-04') };
const aRegisterSubject = (): RegisterSubject => ({
  type: 'RegisterSubject',
  subjectId: SUBJECT_ID,
  area: 'E08000025',
  gender: 'male',
  details,
});
const aSubjectRegistered = (): SubjectRegistered => ({
  type: 'SubjectRegistered',
  data: { subjectId: SUBJECT_ID, area: 'E08000025', gender: 'male', details, registeredAt: NOW.toISOString() },
});
const aCorrectSubjectDetails = (overrides: Partial<CorrectSubjectDetails> = {}): CorrectSubjectDetails => ({
  type: 'CorrectSubjectDetails',
  subjectId: SUBJECT_ID,
  details: {},
  reason: sealed('misspelt'),
  ...overrides,
});
const aSubjectDetailsCorrected = (
  changes: Pick<SubjectDetailsCorrected['data'], 'details' | 'changedFields'> & { area?: string },
): SubjectDetailsCorrected => ({
  type: 'SubjectDetailsCorrected',
  data: { subjectId: SUBJECT_ID, ...changes, reason: sealed('misspelt'), correctedAt: NOW.toISOString() },
});

describe('registering a subject', () => {
  it('records the person with their area and gender in clear and details sealed', () =>
    given([]).when(aRegisterSubject()).then([aSubjectRegistered()]));

  it('keeps only the known detail fields', () =>
    given([])
      .when({ ...aRegisterSubject(), details: { ...details, religion: sealed('x') } as RegisterSubject['details'] })
      .then([aSubjectRegistered()]));

  it('refuses to register the same subject twice', () =>
    given([aSubjectRegistered()]).when(aRegisterSubject()).thenThrows(SubjectAlreadyRegisteredError));
});

describe('correcting a subject’s details', () => {
  it('records the changed fields, their names and the reason', () =>
    given([aSubjectRegistered()])
      .when(aCorrectSubjectDetails({ details: { name: sealed<PersonName>('Muhammad Khan') }, area: 'E08000026' }))
      .then([
        aSubjectDetailsCorrected({
          details: { name: sealed<PersonName>('Muhammad Khan') },
          area: 'E08000026',
          changedFields: ['name', 'area'],
        }),
      ]));

  it('ignores an area or gender that did not change, and refuses when nothing else changed', () =>
    given([aSubjectRegistered()])
      .when(aCorrectSubjectDetails({ area: 'E08000025', gender: 'male' }))
      .thenThrows(NothingToCorrectInSubjectError));

  it('refuses an unknown subject', () =>
    given([])
      .when(aCorrectSubjectDetails({ details: { name: sealed<PersonName>('x') } }))
      .thenThrows(SubjectNotFoundError));
});
