import { describe, expect, it } from '@jest/globals';
import { ACTIONS, ALL_ACTIONS } from './actions.js';
import { AUTHORISATION_MATRIX, matrixBreaches, mayDo, roleMay } from './authorisation-matrix.js';
import { ROLES } from './roles.js';

describe('the authorisation matrix', () => {
  it('obeys its own rules: every action has a role, and no role without reach sees personal data', () => {
    expect(matrixBreaches()).toEqual([]);
  });

  it('would catch a board member given a personal record', () => {
    expect(matrixBreaches({ ...AUTHORISATION_MATRIX, 'case:read': ['board-member'] })).toEqual([
      'case:read: board-member would see personal data',
    ]);
  });

  it('gives board members aggregates only (and, like everyone, ending their own sessions)', () => {
    const granted = ALL_ACTIONS.filter((action) => roleMay('board-member', action));
    expect(granted).toEqual(['statistics:read', 'compliance:read', 'compliance:manage', 'account:sign-out-everywhere']);
    expect(granted.every((action) => !ACTIONS[action].personal)).toBe(true);
  });

  it('keeps the audit, users and keys to administrators', () => {
    for (const action of ['audit:search', 'users:manage', 'keys:rotate'] as const) {
      expect(ROLES.filter((role) => roleMay(role, action))).toEqual(['admin']);
    }
  });

  it('lets a partner referrer submit a partner referral and end its own sessions, nothing else', () => {
    expect(ALL_ACTIONS.filter((action) => roleMay('partner-referrer', action))).toEqual([
      'referral:submit-partner',
      'account:sign-out-everywhere',
    ]);
    expect(ROLES.filter((role) => roleMay(role, 'referral:submit-partner'))).toEqual(['partner-referrer']);
  });

  it('keeps police referrals away from the panel and the panel’s cases away from the police', () => {
    expect(mayDo(['panel-member', 'channel-chair'], 'referral:read')).toBe(false);
    expect(mayDo(['police-officer', 'police-supervisor'], 'case:read')).toBe(false);
  });

  it('lets every role end its own sessions, an action on no one else’s data', () => {
    expect(ROLES.filter((role) => roleMay(role, 'account:sign-out-everywhere'))).toEqual([...ROLES]);
    expect(ACTIONS['account:sign-out-everywhere'].personal).toBe(false);
  });

  it('lets someone with several roles do what any of them may', () => {
    expect(mayDo(['board-member', 'channel-chair'], 'case:decide')).toBe(true);
    expect(mayDo([], 'statistics:read')).toBe(false);
  });
});
