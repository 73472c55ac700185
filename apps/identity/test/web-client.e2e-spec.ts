import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authConfigFromEnv, ROLES, TokenVerifier } from '@lib/auth';
import { JsonLogger } from '@lib/platform';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import { decodeJwt } from 'jose';
import { identityConfigFromEnv } from '../src/config/identity.config.js';
import { startIdentity, type RunningIdentity } from '../src/identity.app.js';
import { serviceClientSecret } from '../src/oidc/clients.js';
import {
  clientCredentialsToken,
  Cookies,
  freePort,
  refresh,
  returnWithSession,
  signIn,
  WEB_APP_REQUEST,
  type TokenResponse,
} from './oidc-client.js';

const REDIRECT_URI = 'http://127.0.0.1:3000/auth/callback';
const SIGNED_OUT_URI = 'http://127.0.0.1:3000/signed-out';
const BIRMINGHAM = 'E08000025';
const TOWER_HAMLETS = 'E09000030';

/**
 * What the web app (apps/web) needs from the provider, over HTTP as the web app and a browser
 * use it: refresh tokens without consent, the username in the access token, RP-initiated
 * logout, signing out everywhere, and the directory of intervention providers.
 */
describe('the identity provider for the web app', () => {
  let db: TestDatabase;
  let identity: RunningIdentity;
  let issuer: string;
  let verifier: TokenVerifier;
  let dataDir: string;
  const logLines: Record<string, unknown>[] = [];
  const password = (username: string) => identity.demoUsers.find((user) => user.username === username)!.password;
  const user = (username: string) => ({ username, password: password(username) });
  /** Signs in as the web app does, in a browser of its own (or the one given). */
  const signInAsWeb = async (username: string, browser = new Cookies()) => {
    const attempt = await signIn(issuer, user(username), REDIRECT_URI, browser, WEB_APP_REQUEST);
    if (!attempt.tokens) throw new Error(`${username} could not sign in: ${attempt.status}`);
    return { tokens: attempt.tokens, browser };
  };
  const idOf = async (username: string) => (await identity.accounts.list()).find((a) => a.username === username)!.id;

  beforeAll(async () => {
    db = await createTestDatabase('identity');
    dataDir = mkdtempSync(join(tmpdir(), 'prevent-identity-'));
    const port = await freePort();
    identity = await startIdentity(
      identityConfigFromEnv({ DATABASE_URL: db.url, IDENTITY_PORT: String(port), PREVENT_DATA_DIR: dataDir }),
      {
        logger: new JsonLogger({
          app: 'identity',
          write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
        }),
      },
    );
    issuer = `http://127.0.0.1:${port}`;
    verifier = new TokenVerifier(
      authConfigFromEnv({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'urn:prevent:api', OIDC_JWKS_COOLDOWN_SECONDS: '0' }),
    );
  }, 60_000);
  afterAll(async () => {
    await identity?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('refresh tokens', () => {
    it('come with the code exchange, without a consent page, for the scope the web app asks', async () => {
      // signIn follows the redirects from the sign-in form straight to the redirect URI: a consent
      // page on the way would stop it
      const { tokens } = await signInAsWeb('channel-chair.birmingham');
      expect(tokens.refresh_token).toEqual(expect.any(String));
      expect(tokens.id_token).toEqual(expect.any(String));
      expect(await verifier.verify(tokens.access_token)).toMatchObject({
        roles: ['channel-chair'],
        area: BIRMINGHAM,
      });
    });

    it('give a new access token with the user’s roles and area, and are replaced at each use', async () => {
      const { tokens } = await signInAsWeb('panel-member.tower-hamlets');
      const response = await refresh(issuer, tokens.refresh_token!);
      expect(response.status).toBe(200);
      const refreshed = (await response.json()) as TokenResponse;
      expect(refreshed.access_token).not.toBe(tokens.access_token);
      const principal = await verifier.verify(refreshed.access_token);
      expect(principal).toEqual({
        subject: await idOf('panel-member.tower-hamlets'),
        roles: ['panel-member'],
        area: TOWER_HAMLETS,
        clientId: 'web',
      });
      expect(decodeJwt(refreshed.access_token)).toMatchObject({
        aud: 'urn:prevent:api',
        preferred_username: 'panel-member.tower-hamlets',
      });
      // rotation: the new refresh token works, the used one no longer does
      expect(refreshed.refresh_token).toEqual(expect.any(String));
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      expect((await refresh(issuer, refreshed.refresh_token!)).status).toBe(200);
      const reused = await refresh(issuer, tokens.refresh_token!);
      expect(reused.status).toBe(400);
      expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('read the account at each refresh: a move to another area shows, a disabled account gets nothing', async () => {
      const { tokens } = await signInAsWeb('channel-coordinator.birmingham');
      const id = await idOf('channel-coordinator.birmingham');
      await identity.accounts.update(id, { area: TOWER_HAMLETS });
      const moved = (await (await refresh(issuer, tokens.refresh_token!)).json()) as TokenResponse;
      expect(await verifier.verify(moved.access_token)).toMatchObject({ area: TOWER_HAMLETS });
      await identity.accounts.update(id, { disabled: true });
      const refused = await refresh(issuer, moved.refresh_token!);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
      await identity.accounts.update(id, { disabled: false, area: BIRMINGHAM });
    });

    it('are not given to the services’ client-credentials tokens, which carry no user claims', async () => {
      const secret = await serviceClientSecret(identity.pool, 'identity', 'channel-panel');
      const body = (await (await clientCredentialsToken(issuer, 'channel-panel', secret!)).json()) as TokenResponse;
      expect(body.refresh_token).toBeUndefined();
      const claims = decodeJwt(body.access_token);
      expect(claims).not.toHaveProperty('preferred_username');
      expect(claims).not.toHaveProperty('roles');
      expect(await verifier.verify(body.access_token)).toEqual({
        subject: 'channel-panel',
        roles: [],
        clientId: 'channel-panel',
      });
    });
  });

  it('puts the username in the access token, beside the roles and the area', async () => {
    const { tokens } = await signInAsWeb('police-officer.birmingham');
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      preferred_username: 'police-officer.birmingham',
      roles: ['police-officer'],
      area: BIRMINGHAM,
    });
  });

  describe('RP-initiated logout', () => {
    const endSession = (browser: Cookies, params: Record<string, string>) =>
      fetch(`${issuer}/session/end?${new URLSearchParams(params)}`, {
        headers: { cookie: browser.header() },
        redirect: 'manual',
      });
    const confirm = async (browser: Cookies, page: string, logout: boolean) => {
      const action = /<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(page)![1];
      const xsrf = /<input type="hidden" name="xsrf" value="([^"]+)"\/>/.exec(page)![1];
      const response = await fetch(action, {
        method: 'POST',
        headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ xsrf, ...(logout ? { logout: 'yes' } : {}) }),
        redirect: 'manual',
      });
      browser.take(response);
      return response;
    };

    it('asks on a GOV.UK page, then ends the provider session and goes back to the web app', async () => {
      const { tokens, browser } = await signInAsWeb('channel-chair.tower-hamlets');
      const asked = await endSession(browser, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: SIGNED_OUT_URI,
        state: 'web-state-1',
      });
      browser.take(asked);
      expect(asked.status).toBe(200);
      expect(asked.headers.get('content-security-policy')).toContain(
        "script-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' http://127.0.0.1:3000",
      );
      const page = await asked.text();
      expect(page).toContain('<title>Sign out – Prevent case management</title>');
      expect(page).toContain('<button type="submit" form="op.logoutForm" name="logout" value="yes"');
      expect(page).not.toMatch(/<script/);

      const done = await confirm(browser, page, true);
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(`${SIGNED_OUT_URI}?state=web-state-1`);
      // the session is gone: the next sign-in asks for the password, and the refresh token is revoked
      expect((await returnWithSession(issuer, browser)).outcome).toBe('sign-in-page');
      expect((await refresh(issuer, tokens.refresh_token!)).status).toBe(400);
    });

    it('without a post-logout redirect URI, ends on the provider’s “You have signed out” page', async () => {
      const { browser } = await signInAsWeb('board-member');
      const asked = await endSession(browser, { client_id: 'web' });
      browser.take(asked);
      const done = await confirm(browser, await asked.text(), true);
      expect(done.status).toBe(303);
      const success = await fetch(new URL(done.headers.get('location')!, issuer));
      expect(success.status).toBe(200);
      expect(success.headers.get('content-security-policy')).toContain("script-src 'none'");
      const page = await success.text();
      expect(page).toContain('<title>You have signed out – Prevent case management</title>');
      expect((await returnWithSession(issuer, browser)).outcome).toBe('sign-in-page');
    });

    it('refuses a post-logout redirect URI the web client did not register', async () => {
      const { tokens, browser } = await signInAsWeb('admin');
      const refused = await endSession(browser, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: 'https://elsewhere.example/signed-out',
      });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        error: 'invalid_request',
        error_description: 'post_logout_redirect_uri not registered',
      });
      expect((await returnWithSession(issuer, browser)).outcome).toBe('signed-in');
    });

    it('with no session left to end, lets oidc-provider’s self-submitting page run its one inline script, by hash', async () => {
      const { tokens } = await signInAsWeb('police-supervisor.birmingham');
      const response = await endSession(new Cookies(), {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: SIGNED_OUT_URI,
      });
      expect(response.status).toBe(200);
      const page = await response.text();
      const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1];
      const hash = createHash('sha256').update(script).digest('base64');
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
      expect(csp).toContain("form-action 'self' http://127.0.0.1:3000");
      expect(csp).not.toContain('unsafe');
    });
  });

  describe('POST /account/sign-out-everywhere', () => {
    it('ends every session, grant and refresh token of the caller’s account, on every device, and of no one else', async () => {
      const laptop = await signInAsWeb('police-officer.tower-hamlets');
      const phone = await signInAsWeb('police-officer.tower-hamlets');
      const colleague = await signInAsWeb('police-supervisor.tower-hamlets');
      const sub = await idOf('police-officer.tower-hamlets');
      const stored = async (accountId: string) =>
        (
          await db.pool.query<{ model: string }>(
            `SELECT model FROM identity.oidc_payloads WHERE payload->>'accountId' = $1 ORDER BY model`,
            [accountId],
          )
        ).rows.map((row) => row.model);
      expect(await stored(sub)).toEqual(expect.arrayContaining(['Grant', 'RefreshToken', 'Session']));
      logLines.length = 0;

      const response = await fetch(`${issuer}/account/sign-out-everywhere`, {
        method: 'POST',
        headers: { authorization: `Bearer ${laptop.tokens.access_token}` },
      });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');

      expect(await stored(sub)).toEqual([]);
      for (const device of [laptop, phone]) {
        expect((await refresh(issuer, device.tokens.refresh_token!)).status).toBe(400);
        expect((await returnWithSession(issuer, device.browser)).outcome).toBe('sign-in-page');
      }
      expect((await refresh(issuer, colleague.tokens.refresh_token!)).status).toBe(200);
      expect((await returnWithSession(issuer, colleague.browser)).outcome).toBe('signed-in');

      const line = logLines.find((entry) => entry.event === 'account.signed-out-everywhere');
      expect(line).toMatchObject({ level: 'info', context: 'Sessions', sessions: 2, grants: 2, refreshTokens: 2 });
      const text = JSON.stringify(line);
      expect(text).not.toContain(sub);
      expect(text).not.toContain('police-officer');
    });

    it('needs a user’s token: none is 401, a service’s client-credentials token 403', async () => {
      expect((await fetch(`${issuer}/account/sign-out-everywhere`, { method: 'POST' })).status).toBe(401);
      const secret = await serviceClientSecret(identity.pool, 'identity', 'referral-intake');
      const { access_token } = (await (
        await clientCredentialsToken(issuer, 'referral-intake', secret!)
      ).json()) as TokenResponse;
      const refused = await fetch(`${issuer}/account/sign-out-everywhere`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(refused.status).toBe(403);
    });
  });

  describe('GET /directory/intervention-providers', () => {
    const directory = async (token: string) =>
      fetch(`${issuer}/directory/intervention-providers`, { headers: { authorization: `Bearer ${token}` } });

    beforeAll(async () => {
      const mentor = { password: 'a-long-enough-password', roles: ['intervention-provider'] };
      await identity.accounts.create({ ...mentor, username: 'a-mentor.birmingham', area: BIRMINGHAM });
      const gone = await identity.accounts.create({ ...mentor, username: 'b-gone.birmingham', area: BIRMINGHAM });
      await identity.accounts.update(gone.id, { disabled: true });
      await identity.accounts.create({ ...mentor, username: 'c-nowhere' });
      await identity.accounts.create({
        username: 'chair.nowhere',
        password: 'a-long-enough-password',
        roles: ['channel-chair'],
      });
    });

    it('lists the active intervention providers of the caller’s area, by username, with the id their tokens carry as sub', async () => {
      const { tokens } = await signInAsWeb('channel-chair.birmingham');
      const response = await directory(tokens.access_token);
      expect(response.status).toBe(200);
      const { items } = (await response.json()) as { items: { id: string; username: string }[] };
      expect(items.map((item) => item.username)).toEqual(['a-mentor.birmingham', 'intervention-provider.birmingham']);
      expect(Object.keys(items[0]).sort()).toEqual(['id', 'username']);
      const provider = await signInAsWeb('intervention-provider.birmingham');
      expect(items[1].id).toBe(decodeJwt(provider.tokens.access_token).sub);
    });

    it('shows another area’s coordinator only that area’s providers, and a chair without an area none', async () => {
      const { tokens } = await signInAsWeb('channel-coordinator.tower-hamlets');
      const { items } = (await (await directory(tokens.access_token)).json()) as { items: { username: string }[] };
      expect(items.map((item) => item.username)).toEqual(['intervention-provider.tower-hamlets']);
      const nowhere = await signIn(issuer, { username: 'chair.nowhere', password: 'a-long-enough-password' });
      expect(await (await directory(nowhere.accessToken!)).json()).toEqual({ items: [] });
    });

    it('is refused (403) to every role that may not manage cases, and without a token (401)', async () => {
      expect((await fetch(`${issuer}/directory/intervention-providers`)).status).toBe(401);
      const refused = ROLES.filter((role) => !['channel-coordinator', 'channel-chair'].includes(role));
      expect(refused).toHaveLength(7);
      for (const role of refused) {
        const demo = identity.demoUsers.find(
          (candidate) => candidate.role === role && candidate.area !== TOWER_HAMLETS,
        )!;
        const { tokens } = await signInAsWeb(demo.username);
        const response = await directory(tokens.access_token);
        expect({ role, status: response.status }).toEqual({ role, status: 403 });
      }
    }, 60_000);

    it('is described in the OpenAPI document', async () => {
      const document = (await (await fetch(`${issuer}/api/docs-json`)).json()) as {
        paths: Record<string, Record<string, { description?: string; security?: unknown[] }>>;
        components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      };
      expect(document.paths['/directory/intervention-providers'].get.description).toMatch(
        /^The active \(not disabled\) accounts with the role intervention-provider in the caller’s area/,
      );
      expect(Object.keys(document.components.schemas.InterventionProviderResponse.properties)).toEqual([
        'id',
        'username',
      ]);
      expect(document.paths['/account/sign-out-everywhere'].post.description).toMatch(/^Ends every provider session/);
    });
  });
});
