import { describe, expect, it } from '@jest/globals';
import { pageSecurityHeaders, originsOf } from './govuk-page.js';
import { escapeHtml, markup } from './html.js';
import { signInPage } from './sign-in.page.js';
import { signedOutPage, signOutPage } from './sign-out.page.js';

const hostile = `"><script>alert(1)</script><img src=x onerror='x'>`;

describe('the sign-in page', () => {
  it('is a GOV.UK page: language, title, skip link, service name, one main landmark, labelled inputs', () => {
    const page = signInPage({ uid: 'abc' });
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en" class="govuk-template">/);
    expect(page).toContain('<title>Sign in – Prevent case management</title>');
    expect(page).toContain('<a href="#main-content" class="govuk-skip-link"');
    expect(page).toContain('<span class="govuk-service-navigation__text">Prevent case management</span>');
    expect(page.match(/<main /g)).toHaveLength(1);
    expect(page).toContain('<main class="govuk-main-wrapper" id="main-content">');
    expect(page).toContain('<h1 class="govuk-heading-l">Sign in</h1>');
    for (const id of ['username', 'password']) {
      expect(page).toContain(`<label class="govuk-label" for="${id}">`);
      expect(page).toMatch(new RegExp(`<input class="govuk-input" id="${id}" name="${id}" `));
    }
    expect(page).toContain('<form method="post" action="/interaction/abc/login" novalidate>');
    expect(page).toContain('<button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button>');
    expect(page).not.toContain('name="totp"');
    expect(page).not.toContain('govuk-error-summary');
  });

  it('has no script and no inline style at all', () => {
    for (const page of [
      signInPage({ uid: 'abc', username: 'x', errors: [{ field: 'username', text: 'No' }], askTotp: true }),
      signOutPage('<form id="op.logoutForm" method="post" action="/session/end/confirm"></form>'),
      signedOutPage(),
    ]) {
      expect(page).not.toMatch(/<script|\sstyle=|<style|\son[a-z]+=|javascript:/i);
    }
  });

  it('after a refusal: an error summary linking to the field, the field’s error message, the username kept, never the password', () => {
    const page = signInPage({
      uid: 'abc',
      username: 'panel-member.birmingham',
      errors: [{ field: 'username', text: 'Sign-in refused' }],
    });
    expect(page).toContain('<title>Error: Sign in – Prevent case management</title>');
    expect(page).toMatch(
      /<div class="govuk-error-summary" data-module="govuk-error-summary">\n<div role="alert">\n<h2 class="govuk-error-summary__title">There is a problem<\/h2>/,
    );
    expect(page).toContain('<li><a href="#username">Sign-in refused</a></li>');
    expect(page).toContain(
      '<p id="username-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Sign-in refused</p>',
    );
    expect(page).toContain('<div class="govuk-form-group govuk-form-group--error">');
    expect(page).toMatch(
      /<input class="govuk-input govuk-input--error" id="username" name="username" [^>]*aria-describedby="username-error" value="panel-member.birmingham">/,
    );
    expect(page).toMatch(/<input class="govuk-input" id="password" name="password" type="password" [^>]*>/);
    expect(page).not.toMatch(/id="password"[^>]*value=/);
    // the summary comes first in main, before the heading
    expect(page.indexOf('govuk-error-summary')).toBeLessThan(page.indexOf('<h1'));
  });

  it('escapes what the user typed and the flow’s id', () => {
    const page = signInPage({ uid: hostile, username: hostile, errors: [{ field: 'username', text: hostile }] });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain(`value="${escapeHtml(hostile)}"`);
    expect(page).toContain(`action="/interaction/${escapeHtml(encodeURIComponent(hostile))}/login"`);
    expect(escapeHtml(hostile)).toBe(
      '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src&#61;x onerror&#61;&#39;x&#39;&gt;',
    );
  });

  it('asks for the one-time code, with a hint, when the account has a second factor', () => {
    const page = signInPage({ uid: 'abc', username: 'mentor', askTotp: true, secondFactorNeeded: true });
    expect(page).toContain('<label class="govuk-label" for="totp">Code from your authenticator app</label>');
    expect(page).toMatch(
      /<input class="govuk-input govuk-input--width-10" id="totp" name="totp" type="text" inputmode="numeric" autocomplete="one-time-code" [^>]*aria-describedby="totp-hint">/,
    );
    expect(page).toContain('<div class="govuk-inset-text">This account has a second factor.');
  });
});

describe('the sign-out pages', () => {
  it('puts oidc-provider’s form in the page with a visible button that submits it, with logout=yes', () => {
    const form =
      '<form id="op.logoutForm" method="post" action="http://id.example/session/end/confirm"><input type="hidden" name="xsrf" value="abc123"/></form>';
    const page = signOutPage(form);
    expect(page).toContain('<title>Sign out – Prevent case management</title>');
    expect(page).toContain(form);
    expect(page).toContain(
      '<button type="submit" form="op.logoutForm" name="logout" value="yes" class="govuk-button" data-module="govuk-button">Sign out</button>',
    );
  });

  it('says the user has signed out when there is nowhere to go back to', () => {
    const page = signedOutPage();
    expect(page).toContain('<title>You have signed out – Prevent case management</title>');
    expect(page).toContain('<h1 class="govuk-heading-l">You have signed out</h1>');
  });
});

describe('the pages’ Content-Security-Policy', () => {
  it('allows no script, no inline style, no framing; forms may go to this origin and the web app’s', () => {
    const origins = originsOf([
      'http://127.0.0.1:3000/auth/callback',
      'http://127.0.0.1:3000/signed-out',
      'https://prevent.example/auth/callback',
    ]);
    expect(origins).toEqual(['http://127.0.0.1:3000', 'https://prevent.example']);
    const csp = pageSecurityHeaders(origins)['content-security-policy'];
    expect(csp.split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'none'",
      "style-src 'self'",
      "img-src 'self'",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self' http://127.0.0.1:3000 https://prevent.example",
    ]);
    expect(csp).not.toContain('unsafe');
  });
});

describe('the markup tag', () => {
  it('escapes every interpolated value but the fragments it made itself', () => {
    const inner = markup`<b>${'<i>'}</b>`;
    expect(markup`<p title="${'"'}">${inner}${[inner, '&']}${undefined}${false}${0}</p>`.markup).toBe(
      '<p title="&quot;"><b>&lt;i&gt;</b><b>&lt;i&gt;</b>&amp;0</p>',
    );
  });
});
