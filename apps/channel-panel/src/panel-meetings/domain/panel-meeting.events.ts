import type { DomainEvent } from '@lib/event-store';
import type { Agency } from '../../channel-cases/domain/channel-case.events.js';
import type { Personal } from '../../channel-cases/domain/personal.js';

/**
 * A panel meeting: one sitting of an area's Channel panel, with a date, an agenda of cases,
 * attendance by agency and minutes (domain §4.3). One stream per meeting, `panel-meeting-<uuid>`.
 * Decisions about a case are recorded on the case's stream, with this meeting's id and its quorum.
 */
export const PANEL_MEETING_CATEGORY = 'panel-meeting';

export function panelMeetingStream(meetingId: string): string {
  return `${PANEL_MEETING_CATEGORY}-${meetingId}`;
}

/** The meeting id of a `panel-meeting-<uuid>` stream, or undefined for another stream. */
export function meetingIdOf(streamId: string): string | undefined {
  const prefix = `${PANEL_MEETING_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}

/** The part someone plays at a meeting: the chair (local authority), a member, or an invited attendee. */
export const ATTENDANCE_ROLES = ['chair', 'member', 'coordinator', 'invited'] as const;
export type AttendanceRole = (typeof ATTENDANCE_ROLES)[number];

/** One person at the meeting: which agency they came for, in which part; their user id when they have one. */
export interface Attendee {
  readonly agency: Agency;
  readonly role: AttendanceRole;
  readonly userId?: string;
}

/** A meeting of an area's panel was scheduled. */
export type PanelMeetingScheduled = DomainEvent<
  'PanelMeetingScheduled',
  {
    readonly meetingId: string;
    readonly area: string;
    /** ISO instant the meeting starts. */
    readonly meetingDate: string;
    /** Digest of the creating request, when it came with an Idempotency-Key (no personal data in it). */
    readonly requestFingerprint?: string;
    readonly scheduledAt: string;
  }
>;

/** A case was put on the meeting's agenda (the case's stream has its `CaseListedForMeeting`). */
export type CaseAddedToAgenda = DomainEvent<
  'CaseAddedToAgenda',
  { readonly meetingId: string; readonly caseId: string; readonly addedAt: string }
>;

/** Who attended, by agency. Recorded again, it replaces the earlier record; quorum is read from the latest. */
export type AttendanceRecorded = DomainEvent<
  'AttendanceRecorded',
  {
    readonly meetingId: string;
    readonly attendees: readonly Attendee[];
    /** The chair and the police present at least (domain §4.3). */
    readonly quorate: boolean;
    readonly recordedAt: string;
  }
>;

/**
 * The meeting's minutes. Sealed under the meeting's own key (its id), so they are destroyed with the
 * meeting's records; what the panel says about one person goes on that person's case instead.
 */
export type MinutesRecorded = DomainEvent<
  'MinutesRecorded',
  { readonly meetingId: string; readonly minutes: Personal<string>; readonly recordedAt: string }
>;

/** The meeting will not take place. */
export type PanelMeetingCancelled = DomainEvent<
  'PanelMeetingCancelled',
  { readonly meetingId: string; readonly reason: string; readonly cancelledAt: string }
>;

export type PanelMeetingEvent =
  PanelMeetingScheduled | CaseAddedToAgenda | AttendanceRecorded | MinutesRecorded | PanelMeetingCancelled;

export type PanelMeetingEventType = PanelMeetingEvent['type'];

export const PANEL_MEETING_EVENT_TYPES: readonly PanelMeetingEventType[] = [
  'PanelMeetingScheduled',
  'CaseAddedToAgenda',
  'AttendanceRecorded',
  'MinutesRecorded',
  'PanelMeetingCancelled',
];
