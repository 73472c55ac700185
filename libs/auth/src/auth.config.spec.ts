import { describe, expect, it } from '@jest/globals';
import { AuthConfigError, authConfigFromEnv } from './auth.config.js';

const base = { OIDC_ISSUER: 'http://127.0.0.1:3004', OIDC_AUDIENCE: 'urn:prevent:api' };

describe('the verification settings', () => {
  it('default the claim names to roles and area', () => {
    const config = authConfigFromEnv(base);
    expect(config.claims).toEqual({ roles: 'roles', area: 'area', assignedCases: 'assigned_cases' });
    expect(config.algorithms).not.toContain('HS256');
    expect(config.jwksCooldownSeconds).toBe(30);
  });

  it('take Keycloak’s claim names from the environment', () => {
    const config = authConfigFromEnv({ ...base, OIDC_ROLE_CLAIM: 'realm_access.roles', OIDC_AREA_CLAIM: 'lad' });
    expect(config.claims.roles).toBe('realm_access.roles');
    expect(config.claims.area).toBe('lad');
  });

  it('name the variable that is missing or malformed', () => {
    expect(() => authConfigFromEnv({ OIDC_AUDIENCE: 'x' })).toThrow('OIDC_ISSUER is not set');
    expect(() => authConfigFromEnv({ ...base, OIDC_ISSUER: 'not a url' })).toThrow(AuthConfigError);
    expect(() => authConfigFromEnv({ ...base, OIDC_ALGORITHMS: 'RS256,HS256' })).toThrow(/OIDC_ALGORITHMS/);
    expect(() => authConfigFromEnv({ ...base, OIDC_CLOCK_TOLERANCE_SECONDS: '-1' })).toThrow(/OIDC_CLOCK_TOLERANCE/);
  });
});
