import { describe, expect, it } from '@jest/globals';
import { UpcasterRegistry } from './upcasting.js';

/** One test per evolution technique that upcasting serves. */
describe('upcasting on read', () => {
  const registry = new UpcasterRegistry([
    // v1 → v2: a field renamed
    {
      type: 'ReferralReceived',
      fromVersion: 1,
      upcast: (data) => {
        const { concern, ...rest } = data as { concern: string };
        return { ...rest, concernSummary: concern };
      },
    },
    // v2 → v3: a field added with the value old events implicitly had
    { type: 'ReferralReceived', fromVersion: 2, upcast: (data) => ({ ...(data as object), channel: 'police' }) },
  ]);

  it('chains upcasters from the stored version to the newest', () => {
    expect(registry.upcast('ReferralReceived', 1, { referralId: 'r-1', concern: 'online material' })).toEqual({
      schemaVersion: 3,
      data: { referralId: 'r-1', concernSummary: 'online material', channel: 'police' },
    });
  });

  it('starts from the version the event was stored with', () => {
    expect(registry.upcast('ReferralReceived', 2, { referralId: 'r-1', concernSummary: 'x' })).toEqual({
      schemaVersion: 3,
      data: { referralId: 'r-1', concernSummary: 'x', channel: 'police' },
    });
  });

  it('leaves current versions and other types untouched', () => {
    const data = { referralId: 'r-1' };
    expect(registry.upcast('ReferralReceived', 3, data)).toEqual({ schemaVersion: 3, data });
    expect(registry.upcast('ReferralAcknowledged', 1, data)).toEqual({ schemaVersion: 1, data });
  });

  it('refuses two upcasters for the same type and version', () => {
    expect(() => registry.register({ type: 'ReferralReceived', fromVersion: 1, upcast: (d) => d })).toThrow(
      /Two upcasters/,
    );
  });
});
