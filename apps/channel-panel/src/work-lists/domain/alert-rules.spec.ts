import { describe, expect, it } from '@jest/globals';
import { FixedClock } from '@lib/event-store';
import {
  isStalled,
  nextMeeting,
  postExitReviewDueFrom,
  postExitReviewState,
  reviewStatus,
  scheduledPostExitReviews,
  stalledCutoff,
  stalledFrom,
  type InterventionFacts,
  type MeetingFacts,
  type ReviewFacts,
} from './alert-rules.js';
import { addMonths, daysBetween, londonDate } from './calendar-days.js';

const DAY = 86_400_000;
const today = (clock: FixedClock) => londonDate(clock.now());

describe('a stalled intervention', () => {
  const mentoring: InterventionFacts = {
    status: 'active',
    plannedOn: '2025-02-10',
    startsOn: '2025-02-14',
    lastActivityOn: '2025-03-01',
  };

  it('stalls after 30 days without a session or progress update, as the clock moves on', () => {
    const clock = new FixedClock(new Date('2025-03-30T12:00:00Z'));
    expect(isStalled(mentoring, today(clock), 30)).toBe(false);
    clock.advance(DAY);
    expect(today(clock)).toBe('2025-03-31');
    expect(isStalled(mentoring, today(clock), 30)).toBe(true);
    expect(stalledFrom(mentoring, 30)).toBe('2025-03-31');
  });

  it('is no longer stalled once a session is recorded', () => {
    const clock = new FixedClock(new Date('2025-04-20T09:00:00Z'));
    expect(isStalled(mentoring, today(clock), 30)).toBe(true);
    expect(isStalled({ ...mentoring, lastActivityOn: '2025-04-19' }, today(clock), 30)).toBe(false);
  });

  it('counts a planned intervention with no session from the day it was planned', () => {
    const planned: InterventionFacts = {
      status: 'planned',
      plannedOn: '2025-01-06',
      startsOn: null,
      lastActivityOn: null,
    };
    expect(isStalled(planned, '2025-02-04', 30)).toBe(false);
    expect(isStalled(planned, '2025-02-05', 30)).toBe(true);
  });

  it('waits for a start date that lies ahead', () => {
    const later: InterventionFacts = {
      status: 'planned',
      plannedOn: '2025-01-06',
      startsOn: '2025-03-01',
      lastActivityOn: null,
    };
    expect(isStalled(later, '2025-03-30', 30)).toBe(false);
    expect(isStalled(later, '2025-03-31', 30)).toBe(true);
  });

  it.each(['completed', 'stopped', 'cancelled'])('never stalls once %s', (status) => {
    expect(isStalled({ ...mentoring, status }, '2026-01-01', 30)).toBe(false);
  });

  it('honours a configured period', () => {
    expect(isStalled(mentoring, '2025-03-15', 14)).toBe(true);
    expect(isStalled(mentoring, '2025-03-14', 14)).toBe(false);
  });

  it('gives queries the same answer through the cutoff date', () => {
    const days = ['2025-03-29', '2025-03-30', '2025-03-31', '2025-04-01'];
    for (const day of days) {
      expect(mentoring.lastActivityOn! < stalledCutoff(day, 30)).toBe(isStalled(mentoring, day, 30));
    }
  });

  it('counts days in England and Wales: 23:30 UTC on a summer evening is already the next day', () => {
    const clock = new FixedClock(new Date('2025-06-30T23:30:00Z'));
    const quiet: InterventionFacts = {
      status: 'active',
      plannedOn: '2025-06-01',
      startsOn: null,
      lastActivityOn: '2025-06-01',
    };
    expect(today(clock)).toBe('2025-07-01');
    expect(isStalled(quiet, today(clock), 30)).toBe(true);
  });
});

describe('reviews at panel meetings', () => {
  const AREA = 'E08000025';
  const meeting = (meetingId: string, heldOn: string, extra: Partial<MeetingFacts> = {}): MeetingFacts => ({
    meetingId,
    area: AREA,
    heldOn,
    cancelled: false,
    ...extra,
  });
  const meetings = [
    meeting('march', '2025-03-04'),
    meeting('april', '2025-04-01'),
    meeting('may', '2025-05-06'),
    meeting('leeds-april', '2025-04-08', { area: 'E08000035' }),
  ];
  const adopted: ReviewFacts = {
    area: AREA,
    underReview: true,
    adoptedOn: '2025-03-04',
    lastReviewedOn: null,
    transferredOn: null,
  };

  it('is due at the next meeting of its area, then overdue once that meeting passes without one', () => {
    const clock = new FixedClock(new Date('2025-03-20T10:00:00Z'));
    expect(reviewStatus(adopted, meetings, today(clock))).toEqual({
      dueAt: { meetingId: 'april', on: '2025-04-01' },
      missed: [],
    });
    clock.set(new Date('2025-04-01T16:00:00Z'));
    expect(reviewStatus(adopted, meetings, today(clock)).missed).toEqual([]);
    clock.advance(DAY);
    expect(reviewStatus(adopted, meetings, today(clock))).toEqual({
      dueAt: { meetingId: 'may', on: '2025-05-06' },
      missed: [{ meetingId: 'april', on: '2025-04-01' }],
    });
  });

  it('is not overdue once reviewed at that meeting', () => {
    expect(reviewStatus({ ...adopted, lastReviewedOn: '2025-04-01' }, meetings, '2025-04-10').missed).toEqual([]);
  });

  it('ignores a cancelled meeting and another area’s meetings', () => {
    const cancelled = [meeting('march', '2025-03-04'), meeting('april', '2025-04-01', { cancelled: true })];
    expect(reviewStatus(adopted, [...cancelled, meetings[3]], '2025-04-20')).toEqual({ dueAt: null, missed: [] });
  });

  it('asks nothing of a case not under review (not adopted, or exited)', () => {
    expect(reviewStatus({ ...adopted, underReview: false }, meetings, '2025-06-01')).toEqual({
      dueAt: null,
      missed: [],
    });
  });

  it('counts the new area’s meetings only from the transfer', () => {
    const transferred = { ...adopted, area: 'E08000035', transferredOn: '2025-04-09' };
    expect(reviewStatus(transferred, meetings, '2025-04-20')).toEqual({ dueAt: null, missed: [] });
    expect(reviewStatus({ ...transferred, transferredOn: '2025-03-10' }, meetings, '2025-04-20').missed).toEqual([
      { meetingId: 'leeds-april', on: '2025-04-08' },
    ]);
  });

  it('finds the next meeting of an area, today included', () => {
    expect(nextMeeting(meetings, AREA, '2025-04-01')?.meetingId).toBe('april');
    expect(nextMeeting(meetings, AREA, '2025-04-02')?.meetingId).toBe('may');
    expect(nextMeeting(meetings, AREA, '2025-05-07')).toBeNull();
  });
});

describe('post-exit reviews at 6 and 12 months', () => {
  const states = (exitedOn: string, done: string[], day: string) =>
    scheduledPostExitReviews(exitedOn).map(({ review, dueOn }) => [
      review,
      dueOn,
      postExitReviewState({ dueOn, done: done.includes(review) }, day, 30),
    ]);

  it('fall due 6 and 12 months after exit: upcoming, due within the window, overdue after', () => {
    const clock = new FixedClock(new Date('2025-06-14T09:00:00Z'));
    expect(states('2025-01-15', [], today(clock))).toEqual([
      ['6-months', '2025-07-15', 'upcoming'],
      ['12-months', '2026-01-15', 'upcoming'],
    ]);
    clock.advance(DAY);
    expect(states('2025-01-15', [], today(clock))[0]).toEqual(['6-months', '2025-07-15', 'due']);
    expect(postExitReviewDueFrom('2025-07-15', 30)).toBe('2025-06-15');
    clock.set(new Date('2025-07-15T22:00:00Z')); // 23:00 on 15 July in London
    expect(states('2025-01-15', [], today(clock))[0][2]).toBe('due');
    clock.advance(60 * 60_000);
    expect(states('2025-01-15', [], today(clock))[0][2]).toBe('overdue');
    clock.set(new Date('2026-01-16T09:00:00Z'));
    expect(states('2025-01-15', [], today(clock)).map((state) => state[2])).toEqual(['overdue', 'overdue']);
  });

  it('are done once completed', () => {
    expect(states('2025-01-15', ['6-months'], '2026-01-01').map((state) => state[2])).toEqual(['done', 'due']);
  });

  it('hold the day to the end of a shorter month', () => {
    expect(scheduledPostExitReviews('2025-08-31').map((r) => r.dueOn)).toEqual(['2026-02-28', '2026-08-31']);
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(daysBetween('2025-03-01', '2025-03-31')).toBe(30);
  });
});
