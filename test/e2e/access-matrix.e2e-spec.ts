import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Type } from '@nestjs/common';
import {
  listRoutes,
  renderRouteTable,
  ROLES,
  ROUTES_BEGIN,
  ROUTES_END,
  routesWithoutRule,
  walkRoutes,
  type Role,
  type RouteAccess,
} from '@lib/auth';
import {
  createTestDatabase,
  startTestApp,
  startTestIssuer,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import { AppModule as ChannelPanel } from '../../apps/channel-panel/src/app.module.js';
import { AppModule as ComplianceReporting } from '../../apps/compliance-reporting/src/app.module.js';
import { identityConfigFromEnv } from '../../apps/identity/src/config/identity.config.js';
import { startIdentity, type RunningIdentity } from '../../apps/identity/src/identity.app.js';
import { freePort, signIn } from '../../apps/identity/test/oidc-client.js';
import { AppModule as ReferralIntake } from '../../apps/referral-intake/src/app.module.js';

/**
 * Every route of every service, called with every role and with no token, answers as the
 * authorisation matrix says: 401 without a valid token, 403 for a role the matrix does not allow,
 * anything else for one it does. A route without a rule stops its service from booting, so it
 * cannot slip past this walk.
 */
const audience = 'urn:prevent:api';
/** The routes each service has at least; any it adds are walked too. */
const SERVICES: [string, Type<unknown>, string[]][] = [
  ['referral-intake', ReferralIntake, ['GET /audit/entries', 'GET /health/live', 'GET /health/ready', 'GET /metrics']],
  ['channel-panel', ChannelPanel, ['GET /audit/entries', 'GET /health/live', 'GET /health/ready', 'GET /metrics']],
  ['compliance-reporting', ComplianceReporting, ['GET /health/live', 'GET /health/ready', 'GET /metrics']],
];

describe('every route of every service, for every role', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  const seen = new Map<string, readonly RouteAccess[]>();

  beforeAll(async () => {
    db = await createTestDatabase('walk');
    issuer = await startTestIssuer({ audience });
  });
  afterAll(async () => {
    await issuer?.close();
    await db?.drop();
  });

  describe.each(SERVICES)('%s', (name, module, expectedRoutes) => {
    let app: RunningTestApp;
    beforeAll(async () => {
      app = await startTestApp(module, name, {
        DATABASE_URL: db.url,
        OIDC_ISSUER: issuer.issuer,
        OIDC_AUDIENCE: audience,
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('gives every route an access rule', () => {
      const routes = listRoutes(app.app);
      seen.set(name, routes);
      expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(expect.arrayContaining(expectedRoutes));
      expect(routesWithoutRule(app.app)).toEqual([]);
    });

    it('answers each route as the matrix says, with no token and with each role', async () => {
      const results = await walkRoutes({
        baseUrl: app.url,
        routes: listRoutes(app.app),
        tokenFor: (role: Role) => issuer.sign({ sub: `user-${role}`, roles: [role], area: 'E08000025' }),
      });
      expect(results.filter((result) => !result.ok)).toEqual([]);
      expect(results).toHaveLength(listRoutes(app.app).length * (ROLES.length + 1));
      const admitted = (path: string) =>
        results.filter((r) => r.route.path === path && r.expected === 'admitted').map((r) => r.role);
      if (expectedRoutes.includes('GET /audit/entries')) expect(admitted('/audit/entries')).toEqual(['admin']);
      else expect(results.some((r) => r.route.path === '/audit/entries')).toBe(false);
      expect(admitted('/metrics')).toEqual(['anonymous', ...ROLES]);
      // a partner referrer may submit the partner form and call nothing else that is not public
      const partnerAdmitted = results.filter(
        (r) => r.role === 'partner-referrer' && r.expected === 'admitted' && r.route.rule?.kind !== 'public',
      );
      expect(partnerAdmitted.map((r) => `${r.route.method} ${r.route.path}`)).toEqual(
        name === 'referral-intake' ? ['POST /referrals/partner-submissions'] : [],
      );
    });
  });

  describe('identity, with tokens it issues itself', () => {
    let identity: RunningIdentity;
    let idDb: TestDatabase;
    let dataDir: string;
    let url: string;

    beforeAll(async () => {
      idDb = await createTestDatabase('walkid');
      dataDir = mkdtempSync(join(tmpdir(), 'prevent-walk-'));
      const port = await freePort();
      identity = await startIdentity(
        identityConfigFromEnv({ DATABASE_URL: idDb.url, IDENTITY_PORT: String(port), PREVENT_DATA_DIR: dataDir }),
      );
      url = `http://127.0.0.1:${port}`;
    }, 60_000);
    afterAll(async () => {
      await identity?.close();
      await idDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('gives every route an access rule, and answers each as the matrix says for every role', async () => {
      expect(identity.routes.filter((route) => !route.rule)).toEqual([]);
      seen.set('identity', identity.routes);
      const tokens = new Map<Role, string>();
      const results = await walkRoutes({
        baseUrl: url,
        routes: identity.routes,
        tokenFor: async (role) => {
          if (!tokens.has(role)) {
            const user = identity.demoUsers.find((candidate) => candidate.role === role)!;
            tokens.set(role, (await signIn(url, { username: user.username, password: user.password })).accessToken!);
          }
          return tokens.get(role)!;
        },
      });
      expect(results.filter((result) => !result.ok)).toEqual([]);
      expect(new Set(results.map((result) => result.role))).toEqual(new Set(['anonymous', ...ROLES]));
      const adminOnly = results.filter((r) => r.route.path.startsWith('/admin/') && r.expected === 'admitted');
      expect(new Set(adminOnly.map((r) => r.role))).toEqual(new Set(['admin']));
    }, 60_000);
  });

  it('are listed, with their rules, in docs/authorisation.md', () => {
    const document = readFileSync(new URL('../../docs/authorisation.md', import.meta.url), 'utf8');
    const table = renderRouteTable(
      [...SERVICES.map(([name]) => name), 'identity'].map((name) => ({ name, routes: seen.get(name) ?? [] })),
    );
    // on a mismatch, paste the expected text (the table the apps have) into the document
    expect(document.slice(document.indexOf(ROUTES_BEGIN), document.indexOf(ROUTES_END) + ROUTES_END.length)).toBe(
      table,
    );
  });
});
