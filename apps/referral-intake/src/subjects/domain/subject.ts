import type { Gender } from '@lib/contracts';
import type { SubjectCommand } from './subject.commands.js';
import {
  NothingToCorrectInSubjectError,
  SubjectAlreadyRegisteredError,
  SubjectNotFoundError,
} from './subject.errors.js';
import {
  SUBJECT_DETAIL_FIELDS,
  type SubjectDetailField,
  type SubjectDetails,
  type SubjectEvent,
} from './subject.events.js';

/** The subject as the decider needs it: whether it exists, and its codes in clear. */
export type Subject =
  | { readonly status: 'none' }
  | { readonly status: 'registered'; readonly subjectId: string; readonly area: string; readonly gender: Gender };

export function initialState(): Subject {
  return { status: 'none' };
}

export function evolve(state: Subject, event: SubjectEvent): Subject {
  switch (event.type) {
    case 'SubjectRegistered':
      return {
        status: 'registered',
        subjectId: event.data.subjectId,
        area: event.data.area,
        gender: event.data.gender,
      };
    case 'SubjectDetailsCorrected':
      if (state.status !== 'registered') return state;
      return { ...state, area: event.data.area ?? state.area, gender: event.data.gender ?? state.gender };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function decide(command: SubjectCommand, state: Subject, now: Date): SubjectEvent[] {
  switch (command.type) {
    case 'RegisterSubject': {
      if (state.status !== 'none') throw new SubjectAlreadyRegisteredError(command.subjectId);
      return [
        {
          type: 'SubjectRegistered',
          data: {
            subjectId: command.subjectId,
            area: command.area,
            gender: command.gender,
            details: pickDetails(command.details),
            registeredAt: now.toISOString(),
          },
        },
      ];
    }
    case 'CorrectSubjectDetails': {
      if (state.status !== 'registered') throw new SubjectNotFoundError(command.subjectId);
      const details = pickDetails(command.details);
      const changedFields: (SubjectDetailField | 'area' | 'gender')[] = Object.keys(details) as SubjectDetailField[];
      const area = command.area !== undefined && command.area !== state.area ? command.area : undefined;
      const gender = command.gender !== undefined && command.gender !== state.gender ? command.gender : undefined;
      if (area !== undefined) changedFields.push('area');
      if (gender !== undefined) changedFields.push('gender');
      if (changedFields.length === 0) throw new NothingToCorrectInSubjectError();
      return [
        {
          type: 'SubjectDetailsCorrected',
          data: {
            subjectId: command.subjectId,
            ...(area !== undefined ? { area } : {}),
            ...(gender !== undefined ? { gender } : {}),
            details,
            changedFields,
            reason: command.reason,
            correctedAt: now.toISOString(),
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** Copies the known detail fields one by one, so nothing else reaches the history. */
function pickDetails<D extends Partial<SubjectDetails>>(details: D): D {
  const picked: Record<string, unknown> = {};
  for (const field of SUBJECT_DETAIL_FIELDS) {
    if (details[field] !== undefined) picked[field] = details[field];
  }
  return picked as D;
}

export const subjectDecider = { decide, evolve, initialState };
