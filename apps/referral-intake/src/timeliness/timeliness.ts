import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@lib/event-store';
import { TimelinessConfig } from './timeliness.config.js';
import { londonDate, WorkingDayCalendar, type LocalDate } from './working-day-calendar.js';

/**
 * A referral is **overdue** when it has waited for the police's decision more than
 * `REFERRAL_OVERDUE_WORKING_DAYS` working days (default 5) since it was received (or reopened):
 * received on Monday 10 March 2025, it is due by Monday 17th and overdue from Tuesday 18th.
 * Today comes from the injected clock, in England and Wales.
 */
@Injectable()
export class Timeliness {
  readonly calendar = new WorkingDayCalendar();

  constructor(
    private readonly config: TimelinessConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  get allowedWorkingDays(): number {
    return this.config.overdueWorkingDays;
  }

  today(): LocalDate {
    return londonDate(this.clock.now());
  }

  /** Referrals awaiting a decision since a day before this one are overdue today. */
  overdueCutoff(): LocalDate {
    return this.calendar.overdueCutoff(this.today(), this.config.overdueWorkingDays);
  }

  /** Working days from receipt to the decision, or to today while none is made. */
  ageInWorkingDays(receivedOn: LocalDate, decidedOn: LocalDate | null): number {
    return this.calendar.workingDaysBetween(receivedOn, decidedOn ?? this.today());
  }

  isOverdue(awaitingDecisionSince: LocalDate | null): boolean {
    return awaitingDecisionSince !== null && awaitingDecisionSince < this.overdueCutoff();
  }
}
