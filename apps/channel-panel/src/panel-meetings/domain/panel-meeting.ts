import type { Decider } from '@lib/event-store';
import type { MeetingFacts } from '../../channel-cases/domain/channel-case.commands.js';
import type { PanelMeetingCommand } from './panel-meeting.commands.js';
import {
  AttendanceInvalidError,
  MeetingAlreadyHeldError,
  MeetingAlreadyScheduledError,
  MeetingIdempotencyKeyReusedError,
  MeetingIsCancelledError,
  MeetingNotFoundError,
  MeetingNotHeldError,
} from './panel-meeting.errors.js';
import type { Attendee, PanelMeetingEvent } from './panel-meeting.events.js';

/**
 * A panel meeting as the decider sees it: `scheduled` until its attendance is recorded, `held`
 * after (quorate or not), `cancelled` if it will not take place.
 */
export type PanelMeeting =
  | { readonly status: 'none' }
  | ({ readonly status: 'scheduled' } & MeetingFile)
  | ({ readonly status: 'held'; readonly quorate: boolean } & MeetingFile)
  | ({ readonly status: 'cancelled' } & MeetingFile);

export interface MeetingFile {
  readonly meetingId: string;
  readonly area: string;
  readonly meetingDate: string;
  readonly agenda: readonly string[];
  readonly requestFingerprint?: string;
}

export function initialMeetingState(): PanelMeeting {
  return { status: 'none' };
}

/** Quorum (domain §4.3): the chair and the police present, at least. */
export function isQuorate(attendees: readonly Attendee[]): boolean {
  return attendees.some((attendee) => attendee.role === 'chair') && attendees.some((a) => a.agency === 'police');
}

export function evolveMeeting(state: PanelMeeting, event: PanelMeetingEvent): PanelMeeting {
  switch (event.type) {
    case 'PanelMeetingScheduled':
      return {
        status: 'scheduled',
        meetingId: event.data.meetingId,
        area: event.data.area,
        meetingDate: event.data.meetingDate,
        agenda: [],
        ...(event.data.requestFingerprint !== undefined ? { requestFingerprint: event.data.requestFingerprint } : {}),
      };
    case 'CaseAddedToAgenda':
      return state.status === 'none' ? state : { ...state, agenda: [...state.agenda, event.data.caseId] };
    case 'AttendanceRecorded':
      return state.status === 'none' ? state : { ...fileOf(state), status: 'held', quorate: event.data.quorate };
    case 'MinutesRecorded':
      return state;
    case 'PanelMeetingCancelled':
      return state.status === 'none' ? state : { ...fileOf(state), status: 'cancelled' };
    default:
      return unreachable(event);
  }
}

export function decideMeeting(command: PanelMeetingCommand, state: PanelMeeting, now: Date): PanelMeetingEvent[] {
  const at = now.toISOString();
  switch (command.type) {
    case 'ScheduleMeeting':
      if (state.status !== 'none') {
        if (command.requestFingerprint !== undefined && state.requestFingerprint !== undefined) {
          if (state.requestFingerprint === command.requestFingerprint) return [];
          throw new MeetingIdempotencyKeyReusedError();
        }
        throw new MeetingAlreadyScheduledError(command.meetingId);
      }
      return [
        {
          type: 'PanelMeetingScheduled',
          data: {
            meetingId: command.meetingId,
            area: command.area,
            meetingDate: command.meetingDate,
            ...(command.requestFingerprint !== undefined ? { requestFingerprint: command.requestFingerprint } : {}),
            scheduledAt: at,
          },
        },
      ];
    case 'AddCaseToAgenda': {
      const meeting = open(state, command.meetingId);
      if (meeting.agenda.includes(command.caseId)) return [];
      return [
        { type: 'CaseAddedToAgenda', data: { meetingId: command.meetingId, caseId: command.caseId, addedAt: at } },
      ];
    }
    case 'RecordAttendance': {
      const meeting = open(state, command.meetingId);
      const problems = attendanceProblems(command.attendees);
      if (problems.length > 0) throw new AttendanceInvalidError(problems);
      return [
        {
          type: 'AttendanceRecorded',
          data: {
            meetingId: meeting.meetingId,
            attendees: command.attendees.map((attendee) => ({
              agency: attendee.agency,
              role: attendee.role,
              ...(attendee.userId !== undefined ? { userId: attendee.userId } : {}),
            })),
            quorate: isQuorate(command.attendees),
            recordedAt: at,
          },
        },
      ];
    }
    case 'RecordMinutes': {
      const meeting = open(state, command.meetingId);
      if (meeting.status !== 'held') throw new MeetingNotHeldError(command.meetingId);
      return [
        { type: 'MinutesRecorded', data: { meetingId: command.meetingId, minutes: command.minutes, recordedAt: at } },
      ];
    }
    case 'CancelMeeting': {
      const meeting = open(state, command.meetingId);
      if (meeting.status === 'held') throw new MeetingAlreadyHeldError(command.meetingId);
      return [
        {
          type: 'PanelMeetingCancelled',
          data: { meetingId: command.meetingId, reason: command.reason, cancelledAt: at },
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

/**
 * What a case command needs to know of the meeting: its area and date, whether it is quorate or
 * cancelled, and whether the case is on its agenda. Read by the case handlers from the meeting's
 * stream, so the case decider stays pure.
 */
export function meetingFacts(state: PanelMeeting, meetingId: string, caseId: string): MeetingFacts {
  if (state.status === 'none') throw new MeetingNotFoundError(meetingId);
  return {
    meetingId: state.meetingId,
    area: state.area,
    date: state.meetingDate,
    quorate: state.status === 'held' && state.quorate,
    cancelled: state.status === 'cancelled',
    caseOnAgenda: state.agenda.includes(caseId),
  };
}

function attendanceProblems(attendees: readonly Attendee[]): string[] {
  const problems: string[] = [];
  if (attendees.length === 0) problems.push('nobody attended');
  if (attendees.filter((attendee) => attendee.role === 'chair').length > 1) problems.push('more than one chair');
  const users = attendees.flatMap((attendee) => (attendee.userId !== undefined ? [attendee.userId] : []));
  if (new Set(users).size !== users.length) problems.push('a person is named more than once');
  return problems;
}

function open(state: PanelMeeting, meetingId: string): Exclude<PanelMeeting, { status: 'none' | 'cancelled' }> {
  if (state.status === 'none') throw new MeetingNotFoundError(meetingId);
  if (state.status === 'cancelled') throw new MeetingIsCancelledError(meetingId);
  return state;
}

function fileOf(state: Exclude<PanelMeeting, { status: 'none' }>): MeetingFile {
  return {
    meetingId: state.meetingId,
    area: state.area,
    meetingDate: state.meetingDate,
    agenda: state.agenda,
    ...(state.requestFingerprint !== undefined ? { requestFingerprint: state.requestFingerprint } : {}),
  };
}

function unreachable(value: never): never {
  throw new Error(`Unhandled: ${JSON.stringify(value)}`);
}

export const panelMeetingDecider: Decider<PanelMeetingCommand, PanelMeetingEvent, PanelMeeting> = {
  decide: decideMeeting,
  evolve: evolveMeeting,
  initialState: initialMeetingState,
};
