import { describe, expect, it } from '@jest/globals';
import type { Principal } from './principal.js';
import { canSeeRecord, passesFilter, recordFilter } from './record-scope.js';

const birmingham = 'E08000025';
const towerHamlets = 'E09000030';
const chair: Principal = { subject: 'u1', roles: ['channel-chair'], area: birmingham };
const mentor: Principal = {
  subject: 'u2',
  roles: ['intervention-provider'],
  area: birmingham,
  assignedCases: ['case-7'],
};
const board: Principal = { subject: 'u3', roles: ['board-member'], area: birmingham };
const admin: Principal = { subject: 'u4', roles: ['admin'] };
const partner: Principal = { subject: 'u6', roles: ['partner-referrer'], area: birmingham };

describe('the reach of a principal into personal records', () => {
  it('lets a channel user see their own area’s case only', () => {
    expect(canSeeRecord(chair, 'case:read', { area: birmingham, caseId: 'case-1' })).toBe(true);
    expect(canSeeRecord(chair, 'case:read', { area: towerHamlets, caseId: 'case-2' })).toBe(false);
  });

  it('refuses an area-scoped user whose token names no area', () => {
    expect(canSeeRecord({ subject: 'u5', roles: ['panel-member'] }, 'case:read', { area: birmingham })).toBe(false);
  });

  it('lets an intervention provider see only the cases assigned to them', () => {
    expect(canSeeRecord(mentor, 'case:read', { area: towerHamlets, caseId: 'case-7' })).toBe(true);
    expect(canSeeRecord(mentor, 'case:read', { area: birmingham, caseId: 'case-8' })).toBe(false);
    expect(canSeeRecord(mentor, 'case:read', { area: birmingham })).toBe(false);
  });

  it('never lets a board member see a record, even of their own area', () => {
    expect(canSeeRecord(board, 'case:read', { area: birmingham, caseId: 'case-1' })).toBe(false);
    expect(recordFilter(board, 'case:read')).toEqual({ kind: 'nothing' });
  });

  it('lets a partner referrer submit for its own area only, and read no record at all', () => {
    expect(canSeeRecord(partner, 'referral:submit-partner', { area: birmingham })).toBe(true);
    expect(canSeeRecord(partner, 'referral:submit-partner', { area: towerHamlets })).toBe(false);
    for (const action of ['referral:read', 'subject:read', 'case:read', 'subject:export'] as const) {
      expect(canSeeRecord(partner, action, { area: birmingham })).toBe(false);
      expect(recordFilter(partner, action)).toEqual({ kind: 'nothing' });
    }
  });

  it('needs the action as well as the reach', () => {
    expect(canSeeRecord(chair, 'referral:read', { area: birmingham })).toBe(false);
    expect(canSeeRecord(admin, 'case:read', { area: birmingham })).toBe(false);
    expect(canSeeRecord(admin, 'subject:export', { area: towerHamlets })).toBe(true);
  });

  it('turns the reach into a list filter', () => {
    const filter = recordFilter(mentor, 'case:read');
    expect(filter).toEqual({ kind: 'restricted', areas: [], caseIds: ['case-7'] });
    expect(passesFilter(filter, { area: birmingham, caseId: 'case-7' })).toBe(true);
    expect(passesFilter(filter, { area: birmingham, caseId: 'case-1' })).toBe(false);
    expect(recordFilter(chair, 'case:read')).toEqual({ kind: 'restricted', areas: [birmingham], caseIds: [] });
    expect(recordFilter(admin, 'subject:export')).toEqual({ kind: 'everywhere' });
  });
});
