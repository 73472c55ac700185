import { Configuration, ENVIRONMENT, type Environment, setting } from '@lib/platform';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../suppression/count-grid-suppression.js';

/**
 * `STATISTICS_SUPPRESSION_THRESHOLD`: counts from 1 to below it are suppressed (default 5, "fewer
 * than 5"). Validated at boot: a malformed value stops the service naming the variable.
 */
export class StatisticsSuppressionConfig extends Configuration('statisticsSuppression', {
  threshold: setting
    .int('STATISTICS_SUPPRESSION_THRESHOLD', { min: 1, max: 1000 })
    .default(DEFAULT_SUPPRESSION_THRESHOLD),
}) {}

export const statisticsSuppressionConfigProvider = {
  provide: StatisticsSuppressionConfig,
  inject: [ENVIRONMENT],
  useFactory: (env: Environment) => StatisticsSuppressionConfig.load(env),
};
