import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Stack, startStack, WebClient } from './stack.js';

/**
 * Signing in and out of the web app against the identity provider, over real sockets, and the
 * protections every page has: security headers, CSRF tokens, server-side sessions.
 */
describe('web app: sign-in, sessions and page protections', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(1);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('sends a visitor who is not signed in to the identity provider, and back to the page they asked for', async () => {
    const client = new WebClient(stack);
    const signInPage = await client.get('/sign-out?from=test');
    expect(signInPage.url.startsWith(`${stack.identityUrl}/interaction/`)).toBe(true);
    expect(signInPage.html).toContain('Sign in');

    const officer = stack.user('police-officer');
    const back = await client.signIn(officer, signInPage);
    expect(back.url).toBe(`${stack.webUrl}/sign-out?from=test`);
  }, 30_000);

  it('shows the signed-in user, their role and area, and only the sections their role opens', async () => {
    const client = await WebClient.signedIn(stack, stack.user('police-officer'));
    const home = await client.get('/');
    expect(home.status).toBe(200);
    expect(home.html).toContain('police-officer.birmingham');
    expect(home.html).toContain('E08000025');
    expect(home.html).toContain('href="/referrals"');
    expect(home.html).not.toContain('href="/statistics"');
    expect(home.html).not.toContain('href="/admin/users"');

    const board = await WebClient.signedIn(stack, stack.user('board-member'));
    const boardHome = await board.get('/');
    expect(boardHome.html).toContain('href="/statistics"');
    expect(boardHome.html).not.toContain('href="/referrals"');
    expect((await board.get('/referrals')).status).toBe(403);
  }, 30_000);

  it('sends a Content-Security-Policy without unsafe-inline, whose nonce is on the page’s only inline script', async () => {
    const client = new WebClient(stack);
    const page = await client.get('/accessibility');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    const inlineScripts = [...page.html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    // HSTS only when served over HTTPS
    expect(page.headers.get('strict-transport-security')).toBeNull();
    // a second page gets another nonce
    const again = await client.get('/accessibility');
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  }, 30_000);

  it('keeps the session in a signed HttpOnly SameSite cookie, never the tokens', async () => {
    const client = new WebClient(stack);
    const response = await fetch(`${stack.webUrl}/sign-in`, { redirect: 'manual' });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('prevent.sid='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const home = await WebClient.signedIn(stack, stack.user('channel-chair'));
    const page = await home.get('/');
    expect(page.html).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./); // no JWT on any page
    expect(client).toBeDefined();
  }, 30_000);

  it('refuses a form posted without the session’s CSRF token, and one with another session’s token', async () => {
    const alice = await WebClient.signedIn(stack, stack.user('police-officer'));
    const bob = await WebClient.signedIn(stack, stack.user('police-supervisor'));
    await alice.get('/');
    await bob.get('/');

    const missing = await alice.post('/session/keep-alive', { _csrf: '' });
    expect(missing.status).toBe(403);
    expect(missing.html).toContain('Your form could not be sent');

    const foreign = await alice.post('/session/keep-alive', { _csrf: bob.csrfToken ?? 'x' });
    expect(foreign.status).toBe(403);

    const own = await alice.post('/session/keep-alive', {});
    expect(own.status).toBe(204);
  }, 30_000);

  it('signs out everywhere: every session of the user ends, and the provider asks to sign in again', async () => {
    const user = stack.user('channel-coordinator');
    const laptop = await WebClient.signedIn(stack, user);
    const phone = await WebClient.signedIn(stack, user);
    expect((await phone.get('/')).url).toBe(`${stack.webUrl}/`);

    await laptop.get('/sign-out');
    const signedOut = await laptop.post('/sign-out', {});
    // the provider confirms the end of its own session, then comes back to /signed-out
    expect(signedOut.url.startsWith(stack.identityUrl) || signedOut.url.endsWith('/signed-out')).toBe(true);

    const phoneAgain = await phone.get('/');
    expect(phoneAgain.url.startsWith(`${stack.identityUrl}/interaction/`)).toBe(true);
  }, 30_000);
});
