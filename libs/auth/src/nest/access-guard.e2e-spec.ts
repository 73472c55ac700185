import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { authConfigFromEnv } from '../auth.config.js';
import type { Principal } from '../domain/principal.js';
import { ROLES, type Role } from '../domain/roles.js';
import { visibleOrNotFound } from '../record-access.js';
import { listRoutes, routesWithoutRule, walkRoutes } from '../routes.js';
import { startTestIssuer, type TestIssuer } from '../testing/test-issuer.js';
import { TokenVerifier } from '../token-verifier.js';
import { Allow, CurrentPrincipal, Public } from './access.decorators.js';
import { AuthModule } from './auth.module.js';

const audience = 'urn:prevent:api';
const birmingham = 'E08000025';
const towerHamlets = 'E09000030';
const cases = new Map([
  ['case-1', { id: 'case-1', area: birmingham, caseId: 'case-1', name: 'A. Person' }],
  ['case-2', { id: 'case-2', area: towerHamlets, caseId: 'case-2', name: 'B. Person' }],
]);

@Controller('cases')
class CasesController {
  @Get(':id')
  @Allow('case:read')
  read(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return visibleOrNotFound(principal, 'case:read', 'case', id, cases.get(id));
  }

  @Post(':id/decisions')
  @Allow('case:decide')
  decide() {
    return { decided: true };
  }
}

@Controller()
class OtherController {
  @Get('health/live')
  @Public()
  live() {
    return { status: 'up' };
  }

  @Get('statistics')
  @Allow('statistics:read')
  statistics() {
    return { referrals: 12 };
  }

  @Get('forgotten')
  forgotten() {
    return { leaked: true };
  }
}

@Module({ controllers: [CasesController, OtherController] })
class FeatureModule {}

describe('the access guard, with tokens from an issuer over HTTP', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let baseUrl: string;
  const token = (roles: Role[], claims: Record<string, unknown> = {}) =>
    issuer.sign({ roles, area: birmingham, ...claims });

  beforeAll(async () => {
    issuer = await startTestIssuer({ audience });
    const config = authConfigFromEnv({
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: audience,
      OIDC_JWKS_COOLDOWN_SECONDS: '0',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ config, failOnRouteWithoutRule: false }), FeatureModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  describe('answers 401', () => {
    it('without a token, and says how to authenticate', async () => {
      const response = await request(app.getHttpServer()).get('/statistics').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: 'auth.token-missing', status: 401 });
    });

    const now = () => Math.floor(Date.now() / 1000);
    const cases401: [string, () => Promise<string>, string][] = [
      ['an expired token', () => token(['board-member'], { exp: now() - 60, iat: now() - 400 }), 'auth.token-expired'],
      ['a token not valid yet', () => token(['board-member'], { nbf: now() + 600 }), 'auth.token-not-yet-valid'],
      [
        'a wrongly signed token',
        () => issuer.sign({ roles: ['board-member'] }, { key: 'stranger' }),
        'auth.token-bad-signature',
      ],
      [
        'a token from another issuer',
        () => token(['board-member'], { iss: 'https://evil.example' }),
        'auth.token-wrong-issuer',
      ],
      [
        'a token for another audience',
        () => token(['board-member'], { aud: 'urn:other:api' }),
        'auth.token-wrong-audience',
      ],
      ['a token that is not a JWT', async () => 'not-a-jwt', 'auth.token-malformed'],
    ];
    it.each(cases401)('for %s', async (_, make, type) => {
      const response = await request(app.getHttpServer())
        .get('/statistics')
        .set('authorization', `Bearer ${await make()}`)
        .expect(401);
      expect(response.body.type).toBe(type);
      expect(response.headers['www-authenticate']).toContain('invalid_token');
    });

    it('for a token signed with a shared secret (no HS256 downgrade)', async () => {
      const { SignJWT } = await import('jose');
      const forged = await new SignJWT({ roles: ['admin'], sub: 'x', aud: audience, iss: issuer.issuer })
        .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('a-secret-of-thirty-two-bytes-long!!'));
      await request(app.getHttpServer()).get('/statistics').set('authorization', `Bearer ${forged}`).expect(401);
    });
  });

  it('lets a valid token with the role through', async () => {
    const response = await request(app.getHttpServer())
      .get('/statistics')
      .set('authorization', `Bearer ${await token(['board-member'])}`)
      .expect(200);
    expect(response.body).toEqual({ referrals: 12 });
  });

  it('answers 403 to a valid token without the role', async () => {
    const response = await request(app.getHttpServer())
      .get('/cases/case-1')
      .set('authorization', `Bearer ${await token(['board-member'])}`)
      .expect(403);
    expect(response.body).toMatchObject({ type: 'auth.action-not-allowed', status: 403 });
  });

  it('answers 403 to a token with no role the system knows', async () => {
    await request(app.getHttpServer())
      .get('/statistics')
      .set('authorization', `Bearer ${await issuer.sign({ roles: ['superuser'] })}`)
      .expect(403);
  });

  describe('scopes cases by area', () => {
    it('shows a panel member their own area’s case', async () => {
      const response = await request(app.getHttpServer())
        .get('/cases/case-1')
        .set('authorization', `Bearer ${await token(['panel-member'])}`)
        .expect(200);
      expect(response.body.id).toBe('case-1');
    });

    it('answers 404 for another area’s case, exactly as for a case that does not exist', async () => {
      const bearer = `Bearer ${await token(['panel-member'])}`;
      const otherArea = await request(app.getHttpServer())
        .get('/cases/case-2')
        .set('authorization', bearer)
        .expect(404);
      const missing = await request(app.getHttpServer())
        .get('/cases/case-404')
        .set('authorization', bearer)
        .expect(404);
      expect(otherArea.body).toEqual({ ...missing.body, detail: 'No case case-2.' });
      expect(otherArea.body.type).toBe('case.not-found');
    });

    it('shows an intervention provider only the case assigned to them', async () => {
      const bearer = `Bearer ${await token(['intervention-provider'], { assigned_cases: ['case-2'] })}`;
      await request(app.getHttpServer()).get('/cases/case-2').set('authorization', bearer).expect(200);
      await request(app.getHttpServer()).get('/cases/case-1').set('authorization', bearer).expect(404);
    });
  });

  it('lets anyone reach a public route', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('refuses a route without a rule to everyone, admin included (deny by default)', async () => {
    await request(app.getHttpServer()).get('/forgotten').expect(403);
    const response = await request(app.getHttpServer())
      .get('/forgotten')
      .set('authorization', `Bearer ${await token(['admin'])}`)
      .expect(403);
    expect(response.body.type).toBe('auth.no-access-rule');
  });

  it('lists every route with its rule, and finds the one without', () => {
    expect(listRoutes(app).map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /cases/:id',
      'POST /cases/:id/decisions',
      'GET /forgotten',
      'GET /health/live',
      'GET /statistics',
    ]);
    expect(routesWithoutRule(app).map((route) => route.path)).toEqual(['/forgotten']);
  });

  it('answers every route, for every role and for none, as the matrix says', async () => {
    const results = await walkRoutes({ baseUrl, routes: listRoutes(app), tokenFor: (role) => token([role]) });
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(results).toHaveLength(5 * (ROLES.length + 1));
    expect(results.find((r) => r.route.path === '/cases/:id/decisions' && r.role === 'channel-chair')).toMatchObject({
      expected: 'admitted',
      status: 201,
    });
  });

  it('accepts tokens signed with a new key after the issuer rotates, and the old key’s until it retires', async () => {
    const before = await token(['board-member']);
    await issuer.rotate();
    const after = await token(['board-member']);
    await request(app.getHttpServer()).get('/statistics').set('authorization', `Bearer ${after}`).expect(200);
    await request(app.getHttpServer()).get('/statistics').set('authorization', `Bearer ${before}`).expect(200);
    issuer.retireOldKeys();
    const verifier = new TokenVerifier(
      authConfigFromEnv({ OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: audience, OIDC_JWKS_URI: issuer.jwksUri }),
    );
    await expect(verifier.verify(before)).rejects.toMatchObject({ reason: 'unknown-key' });
    await expect(verifier.verify(after)).resolves.toMatchObject({ roles: ['board-member'], area: birmingham });
  });
});

describe('an app with a route that has no rule', () => {
  it('refuses to start', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          config: authConfigFromEnv({ OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_AUDIENCE: audience }),
        }),
        FeatureModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow('routes without an access rule (@Allow or @Public): GET /forgotten');
    await app.close().catch(() => undefined);
  });
});
