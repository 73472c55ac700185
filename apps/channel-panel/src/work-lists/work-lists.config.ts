import { Configuration, setting } from '@lib/platform';

/** When the panel's alerts fire, and how often `/metrics` recounts them. */
export class WorkListsConfig extends Configuration('workLists', {
  /** Days without a session or progress update after which a planned or active intervention is stalled. */
  stalledInterventionDays: setting.int('CHANNEL_STALLED_INTERVENTION_DAYS', { min: 1, max: 365 }).default(30),
  /** Days before a post-exit review's date from which it is listed as due. */
  postExitReviewWindowDays: setting.int('CHANNEL_POST_EXIT_REVIEW_WINDOW_DAYS', { min: 0, max: 180 }).default(30),
  /** How often the alert gauges are recounted from the read models. */
  metricsRefreshSeconds: setting.int('CHANNEL_ALERT_METRICS_SECONDS', { min: 1, max: 3600 }).default(60),
}) {}
