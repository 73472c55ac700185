import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authConfigFromEnv, ROLES, TokenVerifier, walkRoutes } from '@lib/auth';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import { decodeProtectedHeader } from 'jose';
import { identityConfigFromEnv } from '../src/config/identity.config.js';
import { startIdentity, type RunningIdentity } from '../src/identity.app.js';
import { serviceClientSecret } from '../src/oidc/clients.js';
import { totpAt, totpStep } from '../src/accounts/totp.js';
import { clientCredentialsToken, Cookies, freePort, returnWithSession, signIn } from './oidc-client.js';

describe('the identity provider, running over HTTP', () => {
  let db: TestDatabase;
  let identity: RunningIdentity;
  let issuer: string;
  let verifier: TokenVerifier;
  let adminToken: string;
  let dataDir: string;
  const password = (username: string) => identity.demoUsers.find((user) => user.username === username)!.password;

  beforeAll(async () => {
    db = await createTestDatabase('identity');
    dataDir = mkdtempSync(join(tmpdir(), 'prevent-identity-'));
    const port = await freePort();
    identity = await startIdentity(
      identityConfigFromEnv({
        DATABASE_URL: db.url,
        IDENTITY_PORT: String(port),
        IDENTITY_LOCKOUT_MAX_FAILURES: '3',
        PREVENT_DATA_DIR: dataDir,
      }),
    );
    issuer = `http://127.0.0.1:${port}`;
    verifier = new TokenVerifier(
      authConfigFromEnv({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'urn:prevent:api', OIDC_JWKS_COOLDOWN_SECONDS: '0' }),
    );
    adminToken = (await signIn(issuer, { username: 'admin', password: password('admin') })).accessToken!;
  }, 60_000);
  afterAll(async () => {
    await identity?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the demo users and their passwords to a file only its owner may read', () => {
    const file = join(dataDir, 'identity-demo-users.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(lines).toEqual(
      identity.demoUsers.map((user) => [user.username, user.password, user.role, user.area ?? '-'].join('\t')),
    );
  });

  it('seeds a demo user for every role, in both areas for the area-bound roles', () => {
    expect(identity.demoUsers.map((user) => user.username)).toEqual(
      expect.arrayContaining([
        'admin',
        'board-member',
        'panel-member.birmingham',
        'panel-member.tower-hamlets',
        'partner-referrer.birmingham',
        'partner-referrer.tower-hamlets',
      ]),
    );
    expect(identity.demoUsers).toHaveLength(7 * 2 + 2);
    expect(identity.demoUsers.find((u) => u.username === 'channel-chair.tower-hamlets')?.area).toBe('E09000030');
  });

  it('stores passwords as argon2id hashes', async () => {
    const stored = await identity.accounts.passwordHashOf('police-officer.birmingham');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain(password('police-officer.birmingham'));
  });

  it('publishes its discovery document and keys', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({ issuer, jwks_uri: `${issuer}/jwks` });
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'client_credentials']),
    );
    const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('signs a user in with code + PKCE and issues an access token that libs/auth verifies, with role and area', async () => {
    const attempt = await signIn(issuer, {
      username: 'channel-chair.birmingham',
      password: password('channel-chair.birmingham'),
    });
    const principal = await verifier.verify(attempt.accessToken);
    expect(principal).toMatchObject({ roles: ['channel-chair'], area: 'E08000025', clientId: 'web' });
    expect(decodeProtectedHeader(attempt.accessToken!).typ).toBe('at+jwt');
  });

  it('issues a client-credentials token to a service, which libs/auth verifies', async () => {
    const secret = await serviceClientSecret(identity.pool, 'identity', 'referral-intake');
    const response = await clientCredentialsToken(issuer, 'referral-intake', secret!);
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    expect(await verifier.verify(access_token)).toMatchObject({ subject: 'referral-intake', roles: [] });
    const wrong = await clientCredentialsToken(issuer, 'referral-intake', 'not-the-secret');
    expect(wrong.status).toBe(401);
  });

  it('locks an account after repeated failures, even against the right password', async () => {
    const username = 'panel-member.tower-hamlets';
    for (let i = 0; i < 3; i++) {
      expect((await signIn(issuer, { username, password: 'wrong-password-123' })).status).toBe(401);
    }
    const locked = await signIn(issuer, { username, password: password(username) });
    expect(locked.status).toBe(401);
    expect(locked.accessToken).toBeUndefined();
    const other = await signIn(issuer, {
      username: 'panel-member.birmingham',
      password: password('panel-member.birmingham'),
    });
    expect(other.accessToken).toBeDefined();
  });

  it('answers an unknown user exactly as a wrong password', async () => {
    const unknown = await signIn(issuer, { username: 'nobody-here', password: 'whatever-password' });
    const wrong = await signIn(issuer, { username: 'channel-coordinator.birmingham', password: 'whatever-password' });
    // the GOV.UK error summary's one entry: where it links and what it says
    const summary = (page?: string) =>
      /<ul class="govuk-list govuk-error-summary__list">\s*<li><a href="([^"]*)">([^<]*)<\/a><\/li>\s*<\/ul>/.exec(
        page ?? '',
      );
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(summary(unknown.page)?.slice(1)).toEqual(summary(wrong.page)?.slice(1));
    expect(summary(unknown.page)?.slice(1)).toEqual(['#username', expect.stringMatching(/^Sign-in refused/)]);
    // and the whole page is the same, but for the flow's id and the username typed
    const normalised = (page: string | undefined, username: string) =>
      page?.replace(`value="${username}"`, 'value="U"').replace(/\/interaction\/[^/"]+\/login/, '/interaction/x/login');
    expect(normalised(unknown.page, 'nobody-here')).toBe(normalised(wrong.page, 'channel-coordinator.birmingham'));
  });

  describe('the admin API', () => {
    it('is refused without a token and to other roles', async () => {
      expect((await fetch(`${issuer}/admin/users`)).status).toBe(401);
      const chair = await signIn(issuer, {
        username: 'channel-chair.tower-hamlets',
        password: password('channel-chair.tower-hamlets'),
      });
      expect(
        (await fetch(`${issuer}/admin/users`, { headers: { authorization: `Bearer ${chair.accessToken}` } })).status,
      ).toBe(403);
    });

    const admin = (path: string, method = 'GET', body?: unknown) =>
      fetch(`${issuer}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    it('creates, re-roles and disables a user', async () => {
      const created = await admin('/admin/users', 'POST', {
        username: 'new.coordinator',
        password: 'a-long-enough-password',
        roles: ['channel-coordinator'],
        area: 'E08000025',
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      let token = (await signIn(issuer, { username: 'new.coordinator', password: 'a-long-enough-password' }))
        .accessToken;
      expect((await verifier.verify(token)).roles).toEqual(['channel-coordinator']);

      expect((await admin(`/admin/users/${id}`, 'PATCH', { roles: ['channel-chair'], area: 'E09000030' })).status).toBe(
        200,
      );
      token = (await signIn(issuer, { username: 'new.coordinator', password: 'a-long-enough-password' })).accessToken;
      expect(await verifier.verify(token)).toMatchObject({ roles: ['channel-chair'], area: 'E09000030' });

      expect((await admin(`/admin/users/${id}`, 'PATCH', { disabled: true })).status).toBe(200);
      expect((await signIn(issuer, { username: 'new.coordinator', password: 'a-long-enough-password' })).status).toBe(
        401,
      );

      expect(
        (
          await admin('/admin/users', 'POST', {
            username: 'new.coordinator',
            password: 'another-long-password',
            roles: ['admin'],
          })
        ).status,
      ).toBe(409);
      expect(
        (await admin('/admin/users', 'POST', { username: 'x1', password: 'short', roles: ['nobody'] })).status,
      ).toBe(422);
    });

    it('validates request bodies and answers every error as problem details', async () => {
      const unknownField = await admin('/admin/users', 'POST', {
        username: 'valid.name',
        password: 'a-long-enough-password',
        roles: ['panel-member'],
        isAdmin: true,
      });
      expect(unknownField.status).toBe(422);
      expect(unknownField.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await unknownField.json()).toMatchObject({
        type: 'request.invalid',
        status: 422,
        errors: ['property isAdmin should not exist'],
      });
      const badRole = (await (
        await admin('/admin/users', 'POST', { username: 'x', password: 'short', roles: ['nobody'], area: 'Brum' })
      ).json()) as { errors: string[] };
      expect(badRole.errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^username must be 3 to 64/),
          expect.stringMatching(/^password must be longer than or equal to 12/),
          expect.stringMatching(/^each value in roles must be one of/),
          expect.stringMatching(/^area must be an ONS area code/),
        ]),
      );
      const notBoolean = await admin('/admin/users/00000000-0000-4000-8000-000000000000', 'PATCH', {
        disabled: 'yes',
      });
      expect(notBoolean.status).toBe(422);
      const missing = await admin('/admin/users/not-a-uuid', 'PATCH', { disabled: true });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ type: 'account.not-found', status: 404 });
      const taken = await admin('/admin/users', 'POST', {
        username: 'admin',
        password: 'a-long-enough-password',
        roles: ['admin'],
      });
      expect(await taken.json()).toMatchObject({ type: 'account.username-taken', status: 409 });
    });

    it('turns on a TOTP second factor that sign-in then requires, once per code', async () => {
      const users = (await (await admin('/admin/users')).json()) as { id: string; username: string }[];
      const mentor = users.find((user) => user.username === 'intervention-provider.birmingham')!;
      const { secret } = (await (await admin(`/admin/users/${mentor.id}/totp`, 'POST')).json()) as { secret: string };
      const credentials = { username: mentor.username, password: password(mentor.username) };
      const asked = await signIn(issuer, credentials);
      expect(asked.status).toBe(200);
      expect(asked.page).toContain('name="totp"');
      const wrongCode = totpAt(secret, totpStep(new Date()) + 5);
      expect((await signIn(issuer, { ...credentials, totp: wrongCode })).status).toBe(401);
      const code = totpAt(secret, totpStep(new Date()));
      const signedIn = await signIn(issuer, { ...credentials, totp: code });
      expect((await verifier.verify(signedIn.accessToken)).roles).toEqual(['intervention-provider']);
      expect((await signIn(issuer, { ...credentials, totp: code })).status).toBe(401); // replayed
    });

    it('rotates the signing key without refusing tokens signed by the old one', async () => {
      const before = ((await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map(
        (key: { kid: string }) => key.kid,
      );
      const oldToken = (await signIn(issuer, { username: 'board-member', password: password('board-member') }))
        .accessToken!;
      const rotated = await admin('/admin/keys/rotate', 'POST');
      expect(rotated.status).toBe(200);
      const { signingKey, published } = (await rotated.json()) as { signingKey: string; published: string[] };
      expect(published).toEqual([signingKey, ...before]);
      const jwks = ((await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map(
        (key: { kid: string }) => key.kid,
      );
      expect(jwks).toEqual(published);
      const newToken = (await signIn(issuer, { username: 'board-member', password: password('board-member') }))
        .accessToken!;
      expect(decodeProtectedHeader(newToken).kid).toBe(signingKey);
      expect(decodeProtectedHeader(oldToken).kid).toBe(before[0]);
      await expect(verifier.verify(oldToken)).resolves.toMatchObject({ roles: ['board-member'] });
      await expect(verifier.verify(newToken)).resolves.toMatchObject({ roles: ['board-member'] });
      // the admin API itself accepts a token signed by the new key
      const users = await fetch(`${issuer}/admin/users`, {
        headers: {
          authorization: `Bearer ${(await signIn(issuer, { username: 'admin', password: password('admin') })).accessToken}`,
        },
      });
      expect(users.status).toBe(200);
    });
  });

  it('answers every route, for every role and for none, as the matrix says', async () => {
    const tokens = new Map<string, string>();
    // the Tower Hamlets panel member is locked out and the Birmingham mentor has a second factor by now
    const spare = new Set(['panel-member.tower-hamlets', 'intervention-provider.birmingham']);
    const results = await walkRoutes({
      baseUrl: issuer,
      routes: identity.routes,
      tokenFor: async (role) => {
        const username = identity.demoUsers.find((user) => user.role === role && !spare.has(user.username))!.username;
        if (!tokens.has(role))
          tokens.set(role, (await signIn(issuer, { username, password: password(username) })).accessToken!);
        return tokens.get(role)!;
      },
    });
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(new Set(results.map((result) => result.role))).toEqual(new Set(['anonymous', ...ROLES]));
    expect(new Set(results.map((result) => `${result.route.method} ${result.route.path}`))).toEqual(
      new Set([
        'POST /account/sign-out-everywhere',
        'GET /admin/users',
        'POST /admin/users',
        'PATCH /admin/users/:id',
        'POST /admin/users/:id/totp',
        'POST /admin/keys/rotate',
        'GET /directory/intervention-providers',
        'GET /health/live',
        'GET /health/ready',
        'GET /interaction/:uid',
        'POST /interaction/:uid/login',
        'GET /metrics',
      ]),
    );
  });

  it('describes its admin API in OpenAPI, at /api/docs and /api/docs-json', async () => {
    const document = (await (await fetch(`${issuer}/api/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).sort()).toEqual(
      expect.arrayContaining([
        '/admin/users',
        '/admin/users/{id}',
        '/admin/users/{id}/totp',
        '/admin/keys/rotate',
        '/account/sign-out-everywhere',
        '/directory/intervention-providers',
      ]),
    );
    expect(Object.keys(document.paths).some((path) => path.startsWith('/interaction'))).toBe(false);
    expect(document.components.schemas.CreateUserRequest.required).toEqual(['username', 'password', 'roles']);
    expect(document.components.schemas.AccountResponse.properties).not.toHaveProperty('password');
    expect(document).toEqual(JSON.parse(JSON.stringify(identity.openApi)));
    const page = await fetch(`${issuer}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
  });

  it('exposes Prometheus metrics, with its admin API timed by route template', async () => {
    await fetch(`${issuer}/admin/users`, { headers: { authorization: `Bearer ${adminToken}` } });
    const response = await fetch(`${issuer}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('process_cpu_user_seconds_total{app="identity"}');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{app="identity",method="GET",route="\/admin\/users",status="200"\} [1-9]/,
    );
  });

  it('answers its health checks without a token', async () => {
    expect((await fetch(`${issuer}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${issuer}/health/ready`)).json()).toEqual({ status: 'up', checks: { database: 'up' } });
  });
});

describe('the identity app without demo users', () => {
  it('starts with no account when seeding is off', async () => {
    const db = await createTestDatabase('identity');
    const identity = await startIdentity(
      identityConfigFromEnv({
        DATABASE_URL: db.url,
        IDENTITY_PORT: String(await freePort()),
        IDENTITY_SEED_DEMO_USERS: 'false',
      }),
    );
    try {
      expect(identity.demoUsers).toEqual([]);
      expect(await identity.accounts.count()).toBe(0);
    } finally {
      await identity.close();
      await db.drop();
    }
  });
});

describe('the identity provider’s sessions and grants, kept in PostgreSQL', () => {
  let db: TestDatabase;
  let dataDir: string;
  const running: RunningIdentity[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('identity');
    dataDir = mkdtempSync(join(tmpdir(), 'prevent-identity-'));
  });
  afterAll(async () => {
    for (const identity of running) await identity.close().catch(() => undefined);
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('survive a restart: a user who signed in before it is still signed in after', async () => {
    const port = await freePort();
    const config = identityConfigFromEnv({
      DATABASE_URL: db.url,
      IDENTITY_PORT: String(port),
      PREVENT_DATA_DIR: dataDir,
    });
    const issuer = `http://127.0.0.1:${port}`;
    const verifier = new TokenVerifier(authConfigFromEnv({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'urn:prevent:api' }));
    const first = await startIdentity(config);
    running.push(first);
    const user = first.demoUsers.find((candidate) => candidate.username === 'channel-chair.birmingham')!;
    const browser = new Cookies();
    await signIn(issuer, { username: user.username, password: user.password }, undefined, browser);
    const { rows } = await db.pool.query<{ model: string }>(
      `SELECT DISTINCT model FROM identity.oidc_payloads ORDER BY model`,
    );
    expect(rows.map((row) => row.model)).toEqual(expect.arrayContaining(['Grant', 'Session']));
    await first.close();

    const second = await startIdentity(config);
    running.push(second);
    expect(second.demoUsers).toEqual([]);
    const back = await returnWithSession(issuer, browser);
    expect(back.outcome).toBe('signed-in');
    if (back.outcome !== 'signed-in') return;
    expect(await verifier.verify(back.accessToken)).toMatchObject({ roles: ['channel-chair'], area: 'E08000025' });
    // a browser without that session is asked to sign in: it is the stored session that counts
    expect((await returnWithSession(issuer, new Cookies())).outcome).toBe('sign-in-page');
  });
});
