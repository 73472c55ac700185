import { describe, expect, it } from '@jest/globals';
import { base32Encode, matchingTotpStep, totpAt, totpStep } from './totp.js';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (8-digit codes there; their last 6 digits here)
const secret = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the RFC test vector at %i s', (seconds, code) => {
    expect(totpAt(secret, totpStep(new Date(seconds * 1000)))).toBe(code);
  });

  it('accepts one step of drift and no more', () => {
    const now = new Date(1234567890 * 1000);
    const step = totpStep(now);
    expect(matchingTotpStep(secret, totpAt(secret, step - 1), now)).toBe(step - 1);
    expect(matchingTotpStep(secret, totpAt(secret, step - 2), now)).toBeUndefined();
    expect(matchingTotpStep(secret, 'abcdef', now)).toBeUndefined();
  });
});
