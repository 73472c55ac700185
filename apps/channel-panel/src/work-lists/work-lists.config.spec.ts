import { describe, expect, it } from '@jest/globals';
import { WorkListsConfig } from './work-lists.config.js';

describe('work-list configuration', () => {
  it('stalls interventions after 30 days, lists post-exit reviews 30 days ahead, recounts every minute', () => {
    expect({ ...WorkListsConfig.load({}) }).toEqual({
      stalledInterventionDays: 30,
      postExitReviewWindowDays: 30,
      metricsRefreshSeconds: 60,
    });
    expect(WorkListsConfig.load({ CHANNEL_STALLED_INTERVENTION_DAYS: '14' }).stalledInterventionDays).toBe(14);
  });

  it('refuses a malformed period, naming the variable', () => {
    expect(() => WorkListsConfig.load({ CHANNEL_STALLED_INTERVENTION_DAYS: 'month' })).toThrow(
      'Invalid configuration: CHANNEL_STALLED_INTERVENTION_DAYS must be an integer between 1 and 365 (got "month")',
    );
    expect(() => WorkListsConfig.load({ CHANNEL_POST_EXIT_REVIEW_WINDOW_DAYS: '-1' })).toThrow(
      'CHANNEL_POST_EXIT_REVIEW_WINDOW_DAYS',
    );
  });
});
