import { describe, expect, it } from '@jest/globals';
import { TimelinessConfig } from './timeliness.config.js';

describe('timeliness configuration', () => {
  it('allows 5 working days and recounts every minute unless told otherwise', () => {
    expect({ ...TimelinessConfig.load({}) }).toEqual({ overdueWorkingDays: 5, metricsRefreshSeconds: 60 });
    expect(TimelinessConfig.load({ REFERRAL_OVERDUE_WORKING_DAYS: '10' }).overdueWorkingDays).toBe(10);
  });

  it('refuses a malformed number of working days, naming the variable', () => {
    expect(() => TimelinessConfig.load({ REFERRAL_OVERDUE_WORKING_DAYS: 'five' })).toThrow(
      'Invalid configuration: REFERRAL_OVERDUE_WORKING_DAYS must be an integer between 1 and 60 (got "five")',
    );
    expect(() => TimelinessConfig.load({ REFERRAL_OVERDUE_WORKING_DAYS: '0' })).toThrow(
      'REFERRAL_OVERDUE_WORKING_DAYS',
    );
  });
});
