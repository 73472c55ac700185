import { addDays, addMonths, daysBetween, latest, type LocalDate } from './calendar-days.js';

/**
 * The panel's alerts and work lists as pure rules of (facts, today). Today is a date in England
 * and Wales, worked out by the caller from its injected clock; nothing here reads a clock.
 */

/** Intervention statuses that still expect sessions or progress: `planned` and `active`. */
export const LIVE_INTERVENTION_STATUSES: readonly string[] = ['planned', 'active'];

/** What the stalled-intervention rule needs to know about one intervention of a support plan. */
export interface InterventionFacts {
  readonly status: string;
  /** The day it was added to the support plan. */
  readonly plannedOn: LocalDate;
  /** Its start date, which may lie ahead. */
  readonly startsOn: LocalDate | null;
  /** The day of its latest session or progress update, if any. */
  readonly lastActivityOn: LocalDate | null;
}

/**
 * The day a live intervention's silence is counted from: its latest session or progress update,
 * and never before it was planned or before its start date (an intervention starting in a
 * fortnight is not stalled today for having had no session yet).
 */
export function quietSince(intervention: InterventionFacts): LocalDate {
  return latest(intervention.plannedOn, intervention.startsOn, intervention.lastActivityOn) ?? intervention.plannedOn;
}

/**
 * A **stalled intervention**: planned or active, with no session or progress update for
 * `stalledAfterDays` days (`CHANNEL_STALLED_INTERVENTION_DAYS`, default 30) — a published review
 * found mentoring that lapsed almost as soon as it began. A session on 1 March: with 30 days,
 * stalled from 31 March.
 */
export function isStalled(intervention: InterventionFacts, today: LocalDate, stalledAfterDays: number): boolean {
  return (
    LIVE_INTERVENTION_STATUSES.includes(intervention.status) &&
    daysBetween(quietSince(intervention), today) >= stalledAfterDays
  );
}

/** The day a live intervention becomes stalled if nothing is recorded meanwhile. */
export function stalledFrom(intervention: InterventionFacts, stalledAfterDays: number): LocalDate {
  return addDays(quietSince(intervention), stalledAfterDays);
}

/**
 * Interventions quiet since a day before this one are stalled today: the one comparison a query
 * makes (`quiet_since < cutoff`), the same rule as {@link isStalled}.
 */
export function stalledCutoff(today: LocalDate, stalledAfterDays: number): LocalDate {
  return addDays(today, -stalledAfterDays + 1);
}

/** A panel meeting as the review rule sees it. */
export interface MeetingFacts {
  readonly meetingId: string;
  readonly area: string;
  readonly heldOn: LocalDate;
  readonly cancelled: boolean;
}

/** What the review rule needs to know about a case. */
export interface ReviewFacts {
  readonly area: string;
  /** Whether the case is adopted and not yet exited: the panel reviews it at each of its meetings. */
  readonly underReview: boolean;
  /** The day the panel adopted it. */
  readonly adoptedOn: LocalDate | null;
  /** The day of its latest review at a meeting. */
  readonly lastReviewedOn: LocalDate | null;
  /** The day it arrived in its current area by transfer (the new panel's earlier meetings do not count). */
  readonly transferredOn: LocalDate | null;
}

export interface ReviewStatus {
  /** The next meeting of the case's area (today or later) at which its review is due. */
  readonly dueAt: { readonly meetingId: string; readonly on: LocalDate } | null;
  /**
   * The meetings of its area held since its last review (or adoption) that did not review it,
   * oldest first; the case is **overdue** for review when there is one. A review at a later
   * meeting clears them.
   */
  readonly missed: readonly { readonly meetingId: string; readonly on: LocalDate }[];
}

/**
 * **Reviews**: while a case is adopted and open, the panel reviews it at each meeting of its area
 * (domain §4.8). The review is due at the next meeting; it is overdue once a meeting held after
 * the adoption, the last review and any transfer in has passed without one. Cancelled meetings
 * ask for nothing.
 */
export function reviewStatus(facts: ReviewFacts, meetings: readonly MeetingFacts[], today: LocalDate): ReviewStatus {
  if (!facts.underReview) return { dueAt: null, missed: [] };
  const since = latest(facts.adoptedOn, facts.lastReviewedOn, facts.transferredOn);
  const relevant = meetings
    .filter(
      (meeting) => meeting.area === facts.area && !meeting.cancelled && (since === null || meeting.heldOn > since),
    )
    .sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.meetingId.localeCompare(b.meetingId));
  const missed = relevant.filter((meeting) => meeting.heldOn < today);
  const next = relevant.find((meeting) => meeting.heldOn >= today);
  return {
    dueAt: next ? { meetingId: next.meetingId, on: next.heldOn } : null,
    missed: missed.map((meeting) => ({ meetingId: meeting.meetingId, on: meeting.heldOn })),
  };
}

/** The next meeting of an area: the earliest not cancelled that is held today or later. */
export function nextMeeting<M extends MeetingFacts>(meetings: readonly M[], area: string, today: LocalDate): M | null {
  return (
    [...meetings]
      .filter((meeting) => meeting.area === area && !meeting.cancelled && meeting.heldOn >= today)
      .sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.meetingId.localeCompare(b.meetingId))[0] ?? null
  );
}

export const POST_EXIT_REVIEW_MONTHS = { '6-months': 6, '12-months': 12 } as const;
export type PostExitReviewName = keyof typeof POST_EXIT_REVIEW_MONTHS;

/** The reviews after an exit on `exitedOn`: the same day of the month 6 and 12 months later. */
export function scheduledPostExitReviews(exitedOn: LocalDate): { review: PostExitReviewName; dueOn: LocalDate }[] {
  return (Object.keys(POST_EXIT_REVIEW_MONTHS) as PostExitReviewName[]).map((review) => ({
    review,
    dueOn: addMonths(exitedOn, POST_EXIT_REVIEW_MONTHS[review]),
  }));
}

export type PostExitReviewState = 'upcoming' | 'due' | 'overdue' | 'done';

/**
 * **Post-exit reviews** at 6 and 12 months after exit (domain §4.10), each on the day the exit
 * scheduled it ({@link scheduledPostExitReviews}): **due** from `windowDays` before that day
 * (`CHANNEL_POST_EXIT_REVIEW_WINDOW_DAYS`, default 30) until that day, **overdue** after it, and
 * **done** once completed. Exit on 15 January: the 6-month review is due from 15 June (30 days
 * before), on 15 July, overdue from 16 July.
 */
export function postExitReviewState(
  review: { readonly dueOn: LocalDate; readonly done: boolean },
  today: LocalDate,
  windowDays: number,
): PostExitReviewState {
  if (review.done) return 'done';
  if (today > review.dueOn) return 'overdue';
  return today >= addDays(review.dueOn, -windowDays) ? 'due' : 'upcoming';
}

/** The first day a post-exit review falls in the due window. */
export function postExitReviewDueFrom(dueOn: LocalDate, windowDays: number): LocalDate {
  return addDays(dueOn, -windowDays);
}
