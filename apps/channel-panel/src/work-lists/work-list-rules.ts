import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@lib/event-store';
import {
  isStalled,
  postExitReviewState,
  reviewStatus,
  stalledCutoff,
  stalledFrom,
  type InterventionFacts,
  type MeetingFacts,
  type PostExitReviewState,
  type ReviewFacts,
  type ReviewStatus,
} from './domain/alert-rules.js';
import { addDays, daysBetween, londonDate, type LocalDate } from './domain/calendar-days.js';
import { WorkListsConfig } from './work-lists.config.js';

/** The alert rules with today's date (England and Wales, from the injected clock) and the configured periods. */
@Injectable()
export class WorkListRules {
  constructor(
    private readonly config: WorkListsConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  get stalledAfterDays(): number {
    return this.config.stalledInterventionDays;
  }

  get postExitWindowDays(): number {
    return this.config.postExitReviewWindowDays;
  }

  today(): LocalDate {
    return londonDate(this.clock.now());
  }

  /** Interventions quiet since a day before this one are stalled today. */
  stalledCutoff(): LocalDate {
    return stalledCutoff(this.today(), this.config.stalledInterventionDays);
  }

  isStalled(intervention: InterventionFacts): boolean {
    return isStalled(intervention, this.today(), this.config.stalledInterventionDays);
  }

  stalledFrom(intervention: InterventionFacts): LocalDate {
    return stalledFrom(intervention, this.config.stalledInterventionDays);
  }

  daysQuiet(since: LocalDate): number {
    return daysBetween(since, this.today());
  }

  reviewStatus(facts: ReviewFacts, meetings: readonly MeetingFacts[]): ReviewStatus {
    return reviewStatus(facts, meetings, this.today());
  }

  postExitReviewState(review: { dueOn: LocalDate; done: boolean }): PostExitReviewState {
    return postExitReviewState(review, this.today(), this.config.postExitReviewWindowDays);
  }

  /** Post-exit reviews falling due on or before this day are due or overdue today. */
  postExitDueCutoff(): LocalDate {
    return addDays(this.today(), this.config.postExitReviewWindowDays);
  }
}
