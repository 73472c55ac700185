import { Configuration, setting } from '@lib/platform';

/** When an undecided referral counts as overdue, and how often `/metrics` counts them. */
export class TimelinessConfig extends Configuration('timeliness', {
  /** Working days (England and Wales) a referral may wait for the police's decision; the published expectation is about 5. */
  overdueWorkingDays: setting.int('REFERRAL_OVERDUE_WORKING_DAYS', { min: 1, max: 60 }).default(5),
  /** How often the `referrals_overdue` gauge is recounted from the read model. */
  metricsRefreshSeconds: setting.int('REFERRAL_OVERDUE_METRICS_SECONDS', { min: 1, max: 3600 }).default(60),
}) {}
