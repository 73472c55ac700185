import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '@lib/testing';
import { AREA, AT, CASE_ID, MEETING_ID, NOW, sealed } from '../../channel-cases/domain/channel-case.builders.js';
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
import { decideMeeting, evolveMeeting, initialMeetingState, meetingFacts, type PanelMeeting } from './panel-meeting.js';

const given = deciderSpec<PanelMeetingCommand, PanelMeetingEvent, PanelMeeting>({
  decide: (command, state) => decideMeeting(command, state, NOW),
  evolve: evolveMeeting,
  initialState: initialMeetingState,
});

const DATE = '2025-04-15T14:00:00.000Z';
const scheduled: PanelMeetingEvent = {
  type: 'PanelMeetingScheduled',
  data: { meetingId: MEETING_ID, area: AREA, meetingDate: DATE, requestFingerprint: 'fp-1', scheduledAt: AT },
};
const onAgenda: PanelMeetingEvent = {
  type: 'CaseAddedToAgenda',
  data: { meetingId: MEETING_ID, caseId: CASE_ID, addedAt: AT },
};
const chairAndPolice = [
  { agency: 'local-authority', role: 'chair', userId: 'chair-1' },
  { agency: 'police', role: 'member', userId: 'police-1' },
  { agency: 'education', role: 'member' },
] as const;
const attendance = (attendees: readonly Attendee[], quorate: boolean): PanelMeetingEvent => ({
  type: 'AttendanceRecorded',
  data: { meetingId: MEETING_ID, attendees, quorate, recordedAt: AT },
});
const record = (attendees: readonly { agency: string; role: string; userId?: string }[]) =>
  ({ type: 'RecordAttendance', meetingId: MEETING_ID, attendees }) as PanelMeetingCommand;
const facts = (history: PanelMeetingEvent[]) =>
  meetingFacts(history.reduce(evolveMeeting, initialMeetingState()), MEETING_ID, CASE_ID);

describe('scheduling a meeting', () => {
  const schedule = {
    type: 'ScheduleMeeting',
    meetingId: MEETING_ID,
    area: AREA,
    meetingDate: DATE,
    requestFingerprint: 'fp-1',
  } as const;

  it('schedules a meeting of an area on a date', () => given([]).when(schedule).then([scheduled]));

  it('is safe to retry with the same Idempotency-Key and body', () =>
    given([scheduled]).when(schedule).thenNothingHappens());

  it('refuses the same key with a different request', () =>
    given([scheduled])
      .when({ ...schedule, requestFingerprint: 'fp-2' })
      .thenThrows(MeetingIdempotencyKeyReusedError));

  it('refuses a second scheduling without a key', () =>
    given([scheduled])
      .when({ type: 'ScheduleMeeting', meetingId: MEETING_ID, area: AREA, meetingDate: DATE })
      .thenThrows(MeetingAlreadyScheduledError));
});

describe('the agenda', () => {
  const add = { type: 'AddCaseToAgenda', meetingId: MEETING_ID, caseId: CASE_ID } as const;

  it('puts a case on the agenda', () => given([scheduled]).when(add).then([onAgenda]));

  it('puts it there once', () => given([scheduled, onAgenda]).when(add).thenNothingHappens());

  it('refuses an unknown meeting', () => given([]).when(add).thenThrows(MeetingNotFoundError));

  it('refuses a cancelled meeting', () =>
    given([
      scheduled,
      { type: 'PanelMeetingCancelled', data: { meetingId: MEETING_ID, reason: 'chair-unavailable', cancelledAt: AT } },
    ])
      .when(add)
      .thenThrows(MeetingIsCancelledError));
});

describe('attendance and quorum', () => {
  it('is quorate with the chair and the police', () =>
    given([scheduled])
      .when(record([...chairAndPolice]))
      .then([attendance(chairAndPolice, true)]));

  it('is not quorate without the police', () => {
    const [event] = decideMeeting(
      record([chairAndPolice[0], chairAndPolice[2]]),
      [scheduled].reduce(evolveMeeting, initialMeetingState()),
      NOW,
    );
    expect(event?.data).toMatchObject({ quorate: false });
  });

  it('is not quorate without the chair', () => {
    const [event] = decideMeeting(
      record([chairAndPolice[1], chairAndPolice[2]]),
      [scheduled].reduce(evolveMeeting, initialMeetingState()),
      NOW,
    );
    expect(event?.data).toMatchObject({ quorate: false });
  });

  it('refuses two chairs or a person named twice', () =>
    given([scheduled])
      .when(record([...chairAndPolice, { agency: 'local-authority', role: 'chair', userId: 'chair-1' }]))
      .thenThrows(AttendanceInvalidError, (error) =>
        expect(error.problems).toEqual(['more than one chair', 'a person is named more than once']),
      ));

  it('refuses an empty attendance', () => given([scheduled]).when(record([])).thenThrows(AttendanceInvalidError));
});

describe('minutes and cancelling', () => {
  const minutes = { type: 'RecordMinutes', meetingId: MEETING_ID, minutes: sealed('minutes') } as const;
  const cancel = { type: 'CancelMeeting', meetingId: MEETING_ID, reason: 'chair-unavailable' } as const;

  it('records minutes of a meeting held', () =>
    given([scheduled, attendance(chairAndPolice, true)])
      .when(minutes)
      .then([
        { type: 'MinutesRecorded', data: { meetingId: MEETING_ID, minutes: sealed('minutes'), recordedAt: AT } },
      ]));

  it('refuses minutes before the attendance', () => given([scheduled]).when(minutes).thenThrows(MeetingNotHeldError));

  it('cancels a meeting not yet held', () =>
    given([scheduled])
      .when(cancel)
      .then([
        {
          type: 'PanelMeetingCancelled',
          data: { meetingId: MEETING_ID, reason: 'chair-unavailable', cancelledAt: AT },
        },
      ]));

  it('refuses to cancel a meeting held', () =>
    given([scheduled, attendance(chairAndPolice, true)])
      .when(cancel)
      .thenThrows(MeetingAlreadyHeldError));
});

describe('the facts a case command carries', () => {
  it('a quorate meeting with the case on its agenda', () =>
    expect(facts([scheduled, onAgenda, attendance(chairAndPolice, true)])).toEqual({
      meetingId: MEETING_ID,
      area: AREA,
      date: DATE,
      quorate: true,
      cancelled: false,
      caseOnAgenda: true,
    }));

  it('a meeting not yet held is not quorate', () => expect(facts([scheduled, onAgenda]).quorate).toBe(false));

  it('the latest attendance decides', () =>
    expect(facts([scheduled, attendance(chairAndPolice, true), attendance([chairAndPolice[2]], false)]).quorate).toBe(
      false,
    ));

  it('an unknown meeting is not found', () => expect(() => facts([])).toThrow(MeetingNotFoundError));
});
