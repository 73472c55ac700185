import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { markup, type SafeHtml } from './html.js';

export const SERVICE_NAME = 'Prevent case management';

/** Where the pages find GOV.UK Frontend's precompiled stylesheet (its fonts and images sit under `/assets`). */
export const STYLESHEET_PATH = '/assets/govuk-frontend.min.css';

/** govuk-frontend's precompiled files, served by the identity app itself (`/assets`). */
export function govukFrontendFiles(): { stylesheet: string; assets: string } {
  const root = dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json'));
  return {
    stylesheet: join(root, 'dist/govuk/govuk-frontend.min.css'),
    assets: join(root, 'dist/govuk/assets'),
  };
}

export interface PageError {
  /** The id of the field the error is about: the error summary links to it. */
  readonly field: string;
  readonly text: string;
}

/**
 * A whole GOV.UK Design System page: skip link, the service's name in the header, one main
 * landmark, the error summary first when there are errors (and "Error: " before the title).
 * No script at all: the pages work without JavaScript and run under a CSP that forbids it.
 */
export function govukPage(options: { title: string; errors?: readonly PageError[]; content: SafeHtml }): string {
  const errors = options.errors ?? [];
  return markup`<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${errors.length > 0 ? 'Error: ' : ''}${options.title} – ${SERVICE_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#1d70b8">
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
<header class="govuk-template__header">
<section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
<div class="govuk-width-container">
<div class="govuk-service-navigation__container">
<span class="govuk-service-navigation__service-name"><span class="govuk-service-navigation__text">${SERVICE_NAME}</span></span>
</div>
</div>
</section>
</header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<div class="govuk-grid-row">
<div class="govuk-grid-column-two-thirds">
${errors.length > 0 && errorSummary(errors)}${options.content}
</div>
</div>
</main>
</div>
</body>
</html>
`.markup;
}

function errorSummary(errors: readonly PageError[]): SafeHtml {
  const items = errors.map((error) => markup`<li><a href="#${error.field}">${error.text}</a></li>\n`);
  return markup`<div class="govuk-error-summary" data-module="govuk-error-summary">
<div role="alert">
<h2 class="govuk-error-summary__title">There is a problem</h2>
<div class="govuk-error-summary__body">
<ul class="govuk-list govuk-error-summary__list">
${items}</ul>
</div>
</div>
</div>
`;
}

/**
 * The headers of every page this app renders: a Content-Security-Policy with no script and no
 * inline style at all (`script-src` can be widened to `'self'` for oidc-provider's own
 * auto-submitting page, which adds its one inline script's hash), framing refused, nothing cached.
 *
 * `form-action` lists the web app's origins besides this one: Chromium checks it on every
 * redirect that follows a form submission, and the sign-in form's answer redirects (through
 * `/auth/...`) to the web app's redirect URI, the sign-out form's to its post-logout URI.
 */
export function pageSecurityHeaders(
  formActionOrigins: readonly string[],
  scriptSrc: "'none'" | "'self'" = "'none'",
): Record<string, string> {
  const formAction = ["'self'", ...new Set(formActionOrigins)].join(' ');
  return {
    'content-security-policy': [
      "default-src 'self'",
      `script-src ${scriptSrc}`,
      "style-src 'self'",
      "img-src 'self'",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      `form-action ${formAction}`,
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/** The security headers of this app's pages, made once from the web app's configured origins. */
export class PagePolicy {
  /** For the pages this app renders (no script at all). */
  readonly headers: Readonly<Record<string, string>>;
  /** For oidc-provider's own auto-submitting page, which adds its one inline script's hash to `script-src`. */
  readonly providerHeaders: Readonly<Record<string, string>>;

  constructor(formActionOrigins: readonly string[]) {
    this.headers = pageSecurityHeaders(formActionOrigins);
    this.providerHeaders = pageSecurityHeaders(formActionOrigins, "'self'");
  }

  apply(response: { setHeader(name: string, value: string): unknown }, headers = this.headers): void {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  }
}

/** The origins of a list of URLs (`IDENTITY_WEB_REDIRECT_URIS`, `IDENTITY_WEB_POST_LOGOUT_REDIRECT_URIS`). */
export function originsOf(uris: readonly string[]): string[] {
  return [...new Set(uris.map((uri) => new URL(uri).origin))];
}
