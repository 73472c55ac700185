import type { AuthorityEvent } from './authority.events.js';
import type { AuthorityType } from './authority.codes.js';

/** Test data told as events: an authority's story, from its registration. */
export const AUTHORITY_ID = '6f1f3a52-0d55-4c86-9f0e-5a1f0c2b7e11';
export const AREA = 'E08000025';
export const REGION = 'E12000005';
/** 1 May 2025, 10:00 in London. */
export const NOW = new Date('2025-05-01T09:00:00Z');
export const AT = NOW.toISOString();
export const TODAY = '2025-05-01';

export function anAuthorityRegistered(
  overrides: { type?: AuthorityType; requestFingerprint?: string } = {},
): AuthorityEvent {
  return {
    type: 'AuthorityRegistered',
    data: {
      authorityId: AUTHORITY_ID,
      name: overrides.type === 'school' ? 'Park View Academy' : 'Birmingham City Council',
      type: overrides.type ?? 'local-authority',
      area: AREA,
      region: REGION,
      ...(overrides.requestFingerprint !== undefined ? { requestFingerprint: overrides.requestFingerprint } : {}),
      registeredAt: AT,
    },
  };
}

export const EVIDENCE = {
  reference: 'DOC-2025-014',
  summary: 'Terms of reference and minutes of the last four meetings',
};

export function aBenchmarkAssessed(
  overrides: Partial<Extract<AuthorityEvent, { type: 'BenchmarkAssessed' }>['data']> = {},
): AuthorityEvent {
  return {
    type: 'BenchmarkAssessed',
    data: {
      authorityId: AUTHORITY_ID,
      benchmark: 'partnership-group',
      status: 'partly-met',
      evidence: EVIDENCE,
      owner: 'Prevent lead',
      reviewDue: '2025-11-01',
      assessedAt: AT,
      ...overrides,
    },
  };
}

export function anAssuranceStatementSubmitted(year = '2024/25', submittedOn = '2025-04-20'): AuthorityEvent {
  return {
    type: 'AssuranceStatementSubmitted',
    data: { authorityId: AUTHORITY_ID, year, submittedOn, recordedAt: AT },
  };
}
