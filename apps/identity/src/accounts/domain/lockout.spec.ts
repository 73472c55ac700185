import { describe, expect, it } from '@jest/globals';
import { lockedUntil } from './lockout.js';

const policy = { maxFailures: 3, windowSeconds: 900 };
const now = new Date('2025-03-01T10:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('account lockout', () => {
  it('does not lock below the number of failures', () => {
    expect(lockedUntil([minutesAgo(1), minutesAgo(2)], now, policy)).toBeUndefined();
  });

  it('locks at the number of failures inside the window, until the oldest counted one leaves it', () => {
    expect(lockedUntil([minutesAgo(1), minutesAgo(2), minutesAgo(10)], now, policy)).toEqual(
      new Date('2025-03-01T10:05:00Z'),
    );
  });

  it('forgets failures older than the window', () => {
    expect(lockedUntil([minutesAgo(1), minutesAgo(2), minutesAgo(16)], now, policy)).toBeUndefined();
  });
});
