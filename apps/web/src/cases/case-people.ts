import { formatDate, humanise } from '../views/format.js';
import type { SignedInUser } from '../session/session-data.js';
import { words } from './case-codes.js';
import { personal, type Actor, type CaseTimeline } from './case-view.js';

/** Roles that see a case of their area in full. */
const PANEL_ROLES = ['channel-coordinator', 'channel-chair', 'panel-member', 'admin'];

/**
 * Whether the user sees cases only as an intervention provider (the API narrows what they get:
 * their interventions, no concern, decisions or meetings).
 */
export function isProviderView(user: SignedInUser | undefined): boolean {
  if (!user) return false;
  return user.roles.includes('intervention-provider') && !user.roles.some((role) => PANEL_ROLES.includes(role));
}

/** Names of the people the page can name: the signed-in user, and the intervention providers it knows. */
export type People = ReadonlyMap<string, string>;

export function peopleOf(
  user: SignedInUser | undefined,
  providers: readonly { id: string; username: string }[] = [],
): People {
  const people = new Map<string, string>(providers.map((provider) => [provider.id, provider.username]));
  if (user) people.set(user.sub, `${user.username} (you)`);
  return people;
}

/** Who did a step: their name where the page knows it, else their user id; and their role. */
export function who(actor: Actor, people: People): string {
  const role = actor.role && actor.role !== 'unknown' ? humanise(actor.role) : '';
  const known = people.get(actor.id);
  if (known) return role ? `${known}, ${role}` : known;
  if (actor.id.startsWith('system')) return 'The system';
  return `${role || 'User'} (user ${actor.id.slice(0, 8)})`;
}

const WHAT: Readonly<Record<string, string>> = {
  CaseOpened: 'Case opened',
  CaseReReferred: 'Referred to the panel again',
  PersonalDetailsCorrected: 'Personal details corrected',
  CaseTransferred: 'Case transferred to another area',
  InformationRequested: 'Information requested from a partner',
  InformationReceived: 'Information received from a partner',
  CaseListedForMeeting: 'Listed for a panel meeting',
  CaseAssessed: 'Assessment recorded',
  CaseDiscussedAtPanel: 'Discussed at a panel meeting',
  CaseAdopted: 'Adopted as a Channel case',
  CaseNotAdopted: 'Not adopted',
  CaseDeferred: 'Decision deferred',
  CaseReturnedToPolice: 'Returned to the police',
  InterventionPlanned: 'Intervention added to the support plan',
  InterventionStatusChanged: 'Intervention status changed',
  SupportStarted: 'Support started',
  SupportStopped: 'Support stopped',
  InterventionSessionRecorded: 'Session recorded',
  InterventionProgressRecorded: 'Progress recorded',
  CaseReviewed: 'Case reviewed',
  CaseClosed: 'Exited Channel',
  PostExitReviewCompleted: 'Post-exit review recorded',
  PanelMeetingScheduled: 'Panel meeting scheduled',
  CaseAddedToAgenda: 'Added to the meeting’s agenda',
  AttendanceRecorded: 'Meeting attendance recorded',
  MinutesRecorded: 'Meeting minutes recorded',
  PanelMeetingCancelled: 'Panel meeting cancelled',
};

const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

/** "2:05pm" (UK time): the MoJ timeline shows the day, the byline the time. */
function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : TIME.format(date).replace(/\s/g, '').toLowerCase();
}

export interface TimelineItem {
  readonly what: string;
  readonly who: string;
  readonly at: string;
  readonly facts: string[];
  readonly why: string;
  readonly meetingId: string | null;
}

/** The facts of a step the timeline shows beside its why: codes in words, dates, ids of meetings. */
function factsOf(type: string, data: Record<string, unknown>): string[] {
  switch (type) {
    case 'CaseOpened':
      return [
        `Opened by: ${data.origin === 'police-referral' ? 'police referral' : 'the local authority'}`,
        `Area: ${words.area(data.area)}`,
      ];
    case 'CaseReReferred':
      return [`Area: ${words.area(data.area)}`];
    case 'PersonalDetailsCorrected':
      return [
        `Corrected: ${Object.keys((data.corrected ?? {}) as object)
          .map(humanise)
          .join(', ')}`,
      ];
    case 'CaseTransferred':
      return [`From ${words.area(data.fromArea)} to ${words.area(data.toArea)}`];
    case 'InformationRequested': {
      const partner = (data.partner ?? {}) as { organisation?: unknown };
      return [
        `Partner: ${words.agency(data.partnerAgency)}${partner.organisation ? ` (${personal(partner.organisation)})` : ''}`,
        `Lawful basis: ${words.lawfulBasis(data.lawfulBasis)}`,
        ...(data.request ? [`Asked for: ${personal(data.request)}`] : []),
      ];
    }
    case 'InformationReceived':
      return [
        `Lawful basis: ${words.lawfulBasis(data.lawfulBasis)}`,
        ...(data.information ? [`Information: ${personal(data.information)}`] : []),
      ];
    case 'CaseListedForMeeting':
      return [`Meeting on ${formatDate(data.meetingDate)}`];
    case 'CaseAssessed':
      return [
        `Assessment ${String(data.assessmentNumber)}`,
        ...((data.answers ?? []) as { dimension: string; rating: string }[]).map(
          (answer) => `${humanise(answer.dimension)}: ${humanise(answer.rating)}`,
        ),
      ];
    case 'CaseNotAdopted':
      return [`Outcome: ${words.notAdoptedOutcome(data.outcome)}`];
    case 'ConsentRecorded': {
      const consenter = (data.consenter ?? {}) as { name?: unknown; relationship?: unknown };
      return [
        `Consent ${words.consentOutcome(data.outcome).toLowerCase()}`,
        `By: ${words.consentGiver(data.givenBy)}${consenter.name ? ` (${personal(consenter.name)}${consenter.relationship ? `, ${personal(consenter.relationship)}` : ''})` : ''}`,
        `How: ${words.consentMethod(data.method)}`,
        ...(typeof data.subjectAgeOnDate === 'number' ? [`The person’s age that day: ${data.subjectAgeOnDate}`] : []),
      ];
    }
    case 'CaseReturnedToPolice':
      return [`Reason: ${words.returnReason(data.reason)}`];
    case 'InterventionPlanned':
      return [
        `${words.interventionType((data.interventionType as { code?: string } | undefined)?.code)}, owned by ${words.agency(data.ownerAgency)}`,
        `Starts ${formatDate(data.startDate)}`,
        ...(data.description ? [`Description: ${personal(data.description)}`] : []),
      ];
    case 'InterventionStatusChanged':
      return [`From ${words.interventionStatus(data.from)} to ${words.interventionStatus(data.to)}`];
    case 'SupportStarted':
      return [
        `Interventions: ${((data.interventionTypes as { codes?: string[] } | undefined)?.codes ?? []).map(words.interventionType).join(', ')}`,
      ];
    case 'InterventionSessionRecorded':
      return [`Session on ${formatDate(data.sessionDate)}`, `Attendance: ${words.attendance(data.attendance)}`];
    case 'CaseReviewed':
      return [
        `Review ${String(data.reviewNumber)}`,
        `Risk now: ${words.riskTrend(data.riskNow)}`,
        `Decision: ${words.reviewDecision(data.decision)}`,
      ];
    case 'CaseClosed':
      return [`Outcome: ${words.exitOutcome(data.exitOutcome)}`, `Exited on ${formatDate(data.exitedOn)}`];
    case 'PostExitReviewCompleted':
      return [`${words.postExitReview(data.review)}`, `Outcome: ${words.postExitOutcome(data.outcome)}`];
    case 'AttendanceRecorded':
      return [data.quorate ? 'Quorate' : 'Not quorate'];
    case 'PanelMeetingScheduled':
      return [`Meeting on ${formatDate(data.meetingDate)}`];
    default:
      return [];
  }
}

/** The timeline's entries for the MoJ timeline: what, who and role, when, the facts and why. Newest first. */
export function timelineItems(timeline: CaseTimeline, people: People): TimelineItem[] {
  return timeline.entries
    .map((entry) => ({
      what:
        entry.type === 'ConsentRecorded'
          ? `Consent ${words.consentOutcome(entry.data.outcome).toLowerCase()}`
          : (WHAT[entry.type] ?? humanise(entry.type)),
      who: `${who(entry.actor, people)}, at ${timeOf(entry.recordedAt)}`,
      at: entry.recordedAt,
      facts: factsOf(entry.type, entry.data),
      why: entry.why === null || entry.why === undefined ? (entry.reason ?? '') : personal(entry.why),
      meetingId: entry.meetingId,
    }))
    .reverse();
}
