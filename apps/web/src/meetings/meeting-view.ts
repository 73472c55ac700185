import type { SignedInUser } from '../session/session-data.js';
import { humanise } from '../views/format.js';
import type {
  CaseTimeline,
  MeetingAgenda,
  MeetingAttendance,
  PanelMeeting,
  TimelineEntry,
} from './panel-meetings.api.js';
import {
  agencyText,
  attendanceRoleText,
  cancelReasonText,
  caseReference,
  caseStageTag,
  caseStageText,
  meetingStatus,
  notAdoptedText,
  reviewDecisionText,
  serviceText,
} from './meeting-words.js';

/** Whether the meeting can do business: attendance recorded, and the chair and the police among it. */
export interface Quorum {
  readonly state: 'unrecorded' | 'quorate' | 'not-quorate';
  readonly text: string;
  readonly missing: readonly string[];
}

/**
 * Quorum as the service decides it (domain §4.3: the chair and the police present, at least): the
 * service's `quorate` is the answer; the attendance says what is missing.
 */
export function quorumOf(
  meeting: Pick<PanelMeeting, 'status' | 'quorate'>,
  attendance: readonly MeetingAttendance[] | undefined,
): Quorum {
  if (meeting.status === 'scheduled' || (meeting.status === 'cancelled' && !attendance?.length)) {
    return {
      state: 'unrecorded',
      text: 'Attendance has not been recorded. The meeting will be quorate when the chair and the police are present.',
      missing: [],
    };
  }
  if (meeting.quorate) {
    return { state: 'quorate', text: 'Quorate: the chair and the police are present.', missing: [] };
  }
  const missing: string[] = [];
  if (!attendance?.some((attendee) => attendee.role === 'chair')) missing.push('the chair');
  if (!attendance?.some((attendee) => attendee.agency === 'police')) missing.push('the police');
  const absent =
    missing.length === 0
      ? 'the chair and the police must both be recorded as present'
      : `${missing.join(' and ')} ${missing.length === 1 && missing[0] === 'the chair' ? 'is' : 'are'} not recorded as present`;
  return {
    state: 'not-quorate',
    text: `Not quorate: ${absent}. The panel cannot record decisions at this meeting until the chair and the police are both recorded as present.`,
    missing,
  };
}

/** The person's name as the case holds it now (opened, re-referred, corrected), or undefined when erased or unknown. */
export function personName(timeline: CaseTimeline | undefined): string | undefined {
  let name: unknown;
  for (const entry of timeline?.entries ?? []) {
    if (entry.source !== 'case') continue;
    if (entry.type === 'CaseOpened' || entry.type === 'CaseReReferred') {
      name = (entry.data.personalDetails as { name?: unknown } | undefined)?.name ?? name;
    } else if (entry.type === 'PersonalDetailsCorrected') {
      name = (entry.data.corrected as { name?: unknown } | undefined)?.name ?? name;
    }
  }
  return nameText(name);
}

/** The name of a case read from its stream (`GET /cases/:id`, events revealed). */
export function caseName(events: readonly { type: string; data: Record<string, unknown> }[]): string | undefined {
  let name: unknown;
  for (const event of events) {
    if (event.type === 'CaseOpened' || event.type === 'CaseReReferred') {
      name = (event.data.personalDetails as { name?: unknown } | undefined)?.name ?? name;
    } else if (event.type === 'PersonalDetailsCorrected') {
      name = (event.data.corrected as { name?: unknown } | undefined)?.name ?? name;
    }
  }
  return nameText(name);
}

function nameText(name: unknown): string | undefined {
  if (!name || typeof name !== 'object') return undefined;
  const { givenNames, familyName } = name as { givenNames?: unknown; familyName?: unknown };
  if (typeof givenNames !== 'string' || typeof familyName !== 'string') return undefined;
  return `${givenNames} ${familyName}`;
}

/** A decision or review the panel recorded at this meeting, from the case's timeline. */
export interface MeetingDecision {
  readonly caseId: string;
  readonly caseLabel: string;
  readonly type: string;
  readonly summary: string;
  readonly details: readonly string[];
  readonly rationale: string;
  readonly actor: string;
  readonly recordedAt: string;
}

const DECISION_TYPES = new Set(['CaseAdopted', 'CaseNotAdopted', 'CaseDeferred', 'CaseReviewed']);

function whyText(entry: TimelineEntry): string {
  if (entry.why === null) return '';
  if (typeof entry.why === 'string') return entry.why;
  return 'Erased: the person’s records were erased';
}

export function actorText(entry: Pick<TimelineEntry, 'actor'>, user: SignedInUser | undefined): string {
  const role = humanise(entry.actor.role);
  return user && entry.actor.id === user.sub ? `${role} (you)` : `${role} (user ${entry.actor.id})`;
}

function decisionOf(entry: TimelineEntry): { summary: string; details: string[] } {
  const data = entry.data;
  switch (entry.type) {
    case 'CaseAdopted':
      return { summary: 'Adopted as a Channel case', details: [] };
    case 'CaseDeferred':
      return { summary: 'Decision deferred', details: [] };
    case 'CaseNotAdopted': {
      const details = [notAdoptedText(data.outcome)];
      const referred = (data.referredTo as { codes?: unknown } | undefined)?.codes;
      if (Array.isArray(referred) && referred.length > 0)
        details.push(`Referred to: ${referred.map((code) => serviceText(code)).join(', ')}`);
      return { summary: 'Not adopted', details };
    }
    case 'CaseReviewed':
      return {
        summary: `Reviewed: ${reviewDecisionText(data.decision)}`,
        details: [`Risk now: ${humanise(data.riskNow)}`],
      };
    default:
      return { summary: humanise(entry.type), details: [] };
  }
}

export interface AgendaRow {
  readonly caseId: string;
  readonly label: string;
  readonly reference: string;
  readonly stage: string;
  readonly stageTag: string;
  readonly business: string;
  readonly outcomeHere?: string;
  readonly canDecide: boolean;
}

export interface HistoryItem {
  readonly label: string;
  readonly byline: string;
  readonly at: string;
  readonly lines: readonly string[];
}

export interface MeetingView {
  readonly id: string;
  readonly meetingDate: string;
  readonly area: string;
  readonly status: { text: string; classes: string };
  readonly cancelled: boolean;
  readonly held: boolean;
  readonly quorum: Quorum;
  readonly attendance: readonly { agency: string; role: string }[];
  readonly agenda: readonly AgendaRow[];
  readonly decisions: readonly MeetingDecision[];
  readonly minutes?: { text: string; recordedAt: string; by: string };
  readonly minutesRecorded: boolean;
  readonly cancellation?: { reason: string; at: string };
  readonly history: readonly HistoryItem[];
}

/** Everything the meeting page shows, from the meeting, its agenda and the timelines of the cases on it. */
export function meetingView(
  meeting: PanelMeeting,
  agenda: MeetingAgenda | undefined,
  timelines: ReadonlyMap<string, CaseTimeline>,
  user: SignedInUser | undefined,
  mayDecide: boolean,
): MeetingView {
  const labelOf = (caseId: string) => personName(timelines.get(caseId)) ?? `Case ${caseReference(caseId)}`;

  const decisions: MeetingDecision[] = [];
  const meetingEvents = new Map<number, TimelineEntry>();
  for (const [caseId, timeline] of timelines) {
    for (const entry of timeline.entries) {
      if (entry.source === 'meeting' && entry.meetingId === meeting.meetingId) {
        meetingEvents.set(entry.revision, entry);
      } else if (
        entry.source === 'case' &&
        DECISION_TYPES.has(entry.type) &&
        entry.data.meetingId === meeting.meetingId
      ) {
        const { summary, details } = decisionOf(entry);
        decisions.push({
          caseId,
          caseLabel: labelOf(caseId),
          type: entry.type,
          summary,
          details,
          rationale: whyText(entry),
          actor: actorText(entry, user),
          recordedAt: entry.recordedAt,
        });
      }
    }
  }
  decisions.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));

  const minutesEntries = [...meetingEvents.values()].filter((entry) => entry.type === 'MinutesRecorded');
  const latestMinutes = minutesEntries.sort((a, b) => b.revision - a.revision)[0];
  const cancelledEntry = [...meetingEvents.values()].find((entry) => entry.type === 'PanelMeetingCancelled');

  const cancelled = meeting.status === 'cancelled';
  const agendaRows: AgendaRow[] = meeting.agenda.map((caseId) => {
    const item = agenda?.items.find((candidate) => candidate.case.caseId === caseId);
    const decidedHere = decisions.filter((decision) => decision.caseId === caseId && decision.type !== 'CaseReviewed');
    const last = decidedHere[decidedHere.length - 1];
    const stage = item?.case.status ?? '';
    const business =
      item?.business === 'decision' ? 'Decision' : item?.business === 'review' ? 'Review' : item ? 'None' : '';
    const decided = last !== undefined && last.type !== 'CaseDeferred';
    return {
      caseId,
      label: labelOf(caseId),
      reference: caseReference(caseId),
      stage: caseStageText(stage),
      stageTag: caseStageTag(stage),
      business,
      ...(last ? { outcomeHere: last.summary } : {}),
      canDecide: mayDecide && !cancelled && item?.business === 'decision' && !decided,
    };
  });

  const history: HistoryItem[] = [
    ...[...meetingEvents.values()].flatMap((entry) => historyOfMeeting(entry, user, labelOf)),
    ...decisions.map((decision) => ({
      label: `${decision.summary}: ${decision.caseLabel}`,
      byline: decision.actor,
      at: decision.recordedAt,
      lines: [...decision.details, ...(decision.rationale ? [`Rationale: ${decision.rationale}`] : [])],
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  const attendance = agenda?.meeting.attendance ?? [];
  return {
    id: meeting.meetingId,
    meetingDate: meeting.meetingDate,
    area: meeting.area,
    status: meetingStatus(meeting.status),
    cancelled,
    held: meeting.status === 'held',
    quorum: quorumOf(meeting, attendance),
    attendance: attendance.map((attendee) => ({
      agency: agencyText(attendee.agency),
      role: attendanceRoleText(attendee.role),
    })),
    agenda: agendaRows,
    decisions,
    ...(latestMinutes
      ? {
          minutes: {
            text: whyText(latestMinutes),
            recordedAt: latestMinutes.recordedAt,
            by: actorText(latestMinutes, user),
          },
        }
      : {}),
    minutesRecorded: latestMinutes !== undefined || agenda?.meeting.minutesRecorded === true,
    ...(cancelledEntry
      ? { cancellation: { reason: cancelReasonText(cancelledEntry.data.reason), at: cancelledEntry.recordedAt } }
      : {}),
    history,
  };
}

function historyOfMeeting(
  entry: TimelineEntry,
  user: SignedInUser | undefined,
  labelOf: (caseId: string) => string,
): HistoryItem[] {
  const base = { byline: actorText(entry, user), at: entry.recordedAt };
  switch (entry.type) {
    case 'PanelMeetingScheduled':
      return [{ ...base, label: 'Meeting scheduled', lines: [] }];
    case 'CaseAddedToAgenda':
      return [{ ...base, label: `Added to the agenda: ${labelOf(String(entry.data.caseId))}`, lines: [] }];
    case 'AttendanceRecorded': {
      const attendees = Array.isArray(entry.data.attendees)
        ? (entry.data.attendees as MeetingAttendance[]).map(
            (attendee) => `${agencyText(attendee.agency)}, ${attendanceRoleText(attendee.role).toLowerCase()}`,
          )
        : [];
      return [
        {
          ...base,
          label: entry.data.quorate === true ? 'Attendance recorded: quorate' : 'Attendance recorded: not quorate',
          lines: attendees,
        },
      ];
    }
    case 'MinutesRecorded':
      return [{ ...base, label: 'Minutes recorded', lines: [] }];
    case 'PanelMeetingCancelled':
      return [{ ...base, label: 'Meeting cancelled', lines: [`Reason: ${cancelReasonText(entry.data.reason)}`] }];
    default:
      return [{ ...base, label: humanise(entry.type), lines: [] }];
  }
}
