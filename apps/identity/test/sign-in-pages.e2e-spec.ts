import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium, WCAG_TAGS } from '../../../test/web/browser.js';
import { identityConfigFromEnv } from '../src/config/identity.config.js';
import { startIdentity, type RunningIdentity } from '../src/identity.app.js';
import { authorizeUrl, exchangeCode, freePort, WEB_APP_REQUEST } from './oidc-client.js';

/**
 * The sign-in and sign-out pages in a real browser (Debian's Chromium, as the web app's browser
 * tests drive it): GOV.UK pages that pass axe's WCAG 2.2 AA
 * rules, styled by GOV.UK Frontend's stylesheet and fonts from `/assets`, under a CSP that the
 * browser enforces — including `form-action` on the redirects that take the browser from the
 * sign-in form to the web app (another origin: here a stand-in on another port).
 */
describe('the sign-in and sign-out pages, in Chromium', () => {
  let db: TestDatabase;
  let identity: RunningIdentity;
  let issuer: string;
  let web: Server;
  let webOrigin: string;
  let browser: Browser;
  let dataDir: string;
  const password = (username: string) => identity.demoUsers.find((user) => user.username === username)!.password;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
    // the web app's stand-in: answers its redirect and post-logout URIs
    const webPort = await freePort();
    webOrigin = `http://127.0.0.1:${webPort}`;
    web = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`web: ${req.url}`));
    await new Promise<void>((resolve) => web.listen(webPort, '127.0.0.1', resolve));
    db = await createTestDatabase('identity');
    dataDir = mkdtempSync(join(tmpdir(), 'prevent-identity-'));
    const port = await freePort();
    identity = await startIdentity(
      identityConfigFromEnv({
        DATABASE_URL: db.url,
        IDENTITY_PORT: String(port),
        PREVENT_DATA_DIR: dataDir,
        IDENTITY_WEB_REDIRECT_URIS: `${webOrigin}/auth/callback`,
        IDENTITY_WEB_POST_LOGOUT_REDIRECT_URIS: `${webOrigin}/signed-out`,
      }),
    );
    issuer = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await identity?.close();
    await db?.drop();
    await new Promise((resolve) => web?.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh browser profile; every CSP violation and failed request it sees is recorded. */
  const openPage = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.url().startsWith(issuer) && response.status() === 404) problems.push(`404: ${response.url()}`);
    });
    return { page, problems };
  };
  const startSignIn = async (page: Page) => {
    const verifier = randomBytes(32).toString('base64url');
    await page.goto(authorizeUrl(issuer, verifier, `${webOrigin}/auth/callback`, WEB_APP_REQUEST).href);
    return verifier;
  };
  const axe = async (page: Page) => (await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()).violations;

  it('shows a GOV.UK sign-in page that passes WCAG 2.2 AA, styled, with no CSP violation', async () => {
    const { page, problems } = await openPage();
    await startSignIn(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/interaction\/[^/]+$/);
    expect(await page.title()).toBe('Sign in – Prevent case management');
    expect(await axe(page)).toEqual([]);
    // GOV.UK Frontend's stylesheet and its GDS Transport font are loaded from this app (browser-side
    // expressions as strings: the tests are compiled without the DOM's types)
    expect(await page.evaluate<string>('getComputedStyle(document.querySelector("h1")).fontFamily')).toMatch(
      /^"GDS Transport"/,
    );
    expect(await page.evaluate<boolean>(`document.fonts.check('bold 19px "GDS Transport"')`)).toBe(true);
    expect(await page.locator('.govuk-service-navigation__text').textContent()).toBe('Prevent case management');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('after a refusal, an accessible error summary links to the field; the username is kept, the password not', async () => {
    const { page, problems } = await openPage();
    await startSignIn(page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.title()).toBe('Error: Sign in – Prevent case management');
    expect(await page.locator('.govuk-error-summary a').allTextContents()).toEqual([
      'Enter your username',
      'Enter your password',
    ]);
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('Username').fill('channel-chair.birmingham');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toMatch(/There is a problem\s+Sign-in refused/);
    await page.locator('.govuk-error-summary a').click();
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('username');
    expect(await page.getByLabel('Username').inputValue()).toBe('channel-chair.birmingham');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.getByLabel('Username').getAttribute('aria-describedby')).toBe('username-error');
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('signs in and lands on the web app (another origin) through the redirects CSP form-action allows', async () => {
    const { page, problems } = await openPage();
    const verifier = await startSignIn(page);
    await page.getByLabel('Username').fill('panel-member.birmingham');
    await page.getByLabel('Password').fill(password('panel-member.birmingham'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${webOrigin}/auth/callback?**`, { timeout: 10_000 });
    const tokens = await exchangeCode(issuer, page.url(), verifier, `${webOrigin}/auth/callback`);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(problems).toEqual([]);

    // RP-initiated logout: a GOV.UK page whose button posts the provider's form, then back to the web app
    const endSession = new URL(`${issuer}/session/end`);
    endSession.searchParams.set('id_token_hint', tokens.id_token!);
    endSession.searchParams.set('post_logout_redirect_uri', `${webOrigin}/signed-out`);
    await page.goto(endSession.href);
    expect(await page.title()).toBe('Sign out – Prevent case management');
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${webOrigin}/signed-out`, { timeout: 10_000 });
    expect(problems).toEqual([]);

    // the provider session is gone: the next sign-in asks for the password again
    await startSignIn(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/interaction\//);
    await page.context().close();
  });

  it('with no session and nowhere to go back to, submits oidc-provider’s own page and says the user has signed out', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${issuer}/session/end?client_id=web`);
    await page.waitForURL((url) => url.pathname === '/session/end/success', { timeout: 10_000 });
    expect(await page.title()).toBe('You have signed out – Prevent case management');
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
