import { govukPage, SERVICE_NAME } from './govuk-page.js';
import { markup, trustedMarkup } from './html.js';

/**
 * RP-initiated logout's confirmation page. `providerForm` is oidc-provider's form (its action and
 * the anti-forgery `xsrf` field); the visible button submits it, with `logout=yes`, through the
 * HTML `form` attribute: no script, no automatic submission.
 */
export function signOutPage(providerForm: string): string {
  const formId = /\bid="([^"]+)"/.exec(providerForm)?.[1] ?? 'op.logoutForm';
  return govukPage({
    title: 'Sign out',
    content: markup`<h1 class="govuk-heading-l">Sign out</h1>
<p class="govuk-body">You will be signed out of ${SERVICE_NAME} on this device.</p>
${trustedMarkup(providerForm)}
<button type="submit" form="${formId}" name="logout" value="yes" class="govuk-button" data-module="govuk-button">Sign out</button>
`,
  });
}

/** Shown after a sign-out that has no post-logout redirect URI to send the browser back to. */
export function signedOutPage(): string {
  return govukPage({
    title: 'You have signed out',
    content: markup`<h1 class="govuk-heading-l">You have signed out</h1>
<p class="govuk-body">You have signed out of ${SERVICE_NAME}. You can close this window.</p>
`,
  });
}
