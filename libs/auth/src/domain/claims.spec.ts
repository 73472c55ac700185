import { describe, expect, it } from '@jest/globals';
import { MissingSubjectError, principalFromClaims } from './claims.js';

describe('reading a principal from token claims', () => {
  it('takes the roles and the area from the default claims', () => {
    expect(principalFromClaims({ sub: 'u1', roles: ['channel-chair'], area: 'E08000025', client_id: 'web' })).toEqual({
      subject: 'u1',
      roles: ['channel-chair'],
      area: 'E08000025',
      clientId: 'web',
    });
  });

  it('follows dotted claim names, as Keycloak nests realm roles', () => {
    const claims = { sub: 'u2', realm_access: { roles: ['panel-member', 'offline_access'] }, area: ['E09000030'] };
    expect(principalFromClaims(claims, { roles: 'realm_access.roles', area: 'area', assignedCases: 'cases' })).toEqual({
      subject: 'u2',
      roles: ['panel-member'],
      area: 'E09000030',
    });
  });

  it('drops roles the system does not know and reads space-separated lists', () => {
    const principal = principalFromClaims({
      sub: 'u3',
      roles: 'superuser intervention-provider',
      assigned_cases: ['c1', 7],
    });
    expect(principal.roles).toEqual(['intervention-provider']);
    expect(principal.assignedCases).toEqual(['c1']);
  });

  it('refuses a token without a subject', () => {
    expect(() => principalFromClaims({ roles: ['admin'] })).toThrow(MissingSubjectError);
  });
});
