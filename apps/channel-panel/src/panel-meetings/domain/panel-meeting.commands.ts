import type { Personal } from '../../channel-cases/domain/personal.js';
import type { Attendee } from './panel-meeting.events.js';

/** Commands on a panel meeting. */

export interface ScheduleMeeting {
  readonly type: 'ScheduleMeeting';
  readonly meetingId: string;
  readonly area: string;
  readonly meetingDate: string;
  readonly requestFingerprint?: string;
}

/** Put a case on the agenda; the handler has checked the case is the area's. Safe to send twice. */
export interface AddCaseToAgenda {
  readonly type: 'AddCaseToAgenda';
  readonly meetingId: string;
  readonly caseId: string;
}

export interface RecordAttendance {
  readonly type: 'RecordAttendance';
  readonly meetingId: string;
  readonly attendees: readonly Attendee[];
}

export interface RecordMinutes {
  readonly type: 'RecordMinutes';
  readonly meetingId: string;
  /** Sealed by the handler under the meeting id. */
  readonly minutes: Personal<string>;
}

export interface CancelMeeting {
  readonly type: 'CancelMeeting';
  readonly meetingId: string;
  /** A short reason code or phrase, no personal data (`chair-unavailable`). */
  readonly reason: string;
}

export type PanelMeetingCommand = ScheduleMeeting | AddCaseToAgenda | RecordAttendance | RecordMinutes | CancelMeeting;

export type PanelMeetingCommandType = PanelMeetingCommand['type'];
