import { govukPage, type PageError } from './govuk-page.js';
import { markup, type SafeHtml } from './html.js';

export interface SignInForm {
  /** The interaction the form posts back to. */
  readonly uid: string;
  /** What the user typed, shown again after a refusal; the password never is. */
  readonly username?: string;
  readonly errors?: readonly PageError[];
  /** Ask for the one-time code too (the account has a second factor, or the user gave one). */
  readonly askTotp?: boolean;
  /** The account has a second factor and the password was right: say why the form is back. */
  readonly secondFactorNeeded?: boolean;
}

/** The sign-in page of the authorization-code flow, as a GOV.UK form (inputs `username`, `password`, `totp`). */
export function signInPage(form: SignInForm): string {
  const errors = form.errors ?? [];
  const errorFor = (field: string) => errors.find((error) => error.field === field)?.text;
  const username = field({
    id: 'username',
    label: 'Username',
    error: errorFor('username'),
    value: form.username,
    attributes: markup`type="text" autocomplete="username" spellcheck="false" autocapitalize="none"`,
  });
  const password = field({
    id: 'password',
    label: 'Password',
    error: errorFor('password'),
    attributes: markup`type="password" autocomplete="current-password"`,
  });
  const totp =
    form.askTotp &&
    field({
      id: 'totp',
      label: 'Code from your authenticator app',
      hint: 'The 6-digit code the app shows now',
      error: errorFor('totp'),
      width: 'govuk-input--width-10',
      attributes: markup`type="text" inputmode="numeric" autocomplete="one-time-code" spellcheck="false"`,
    });
  const why =
    form.secondFactorNeeded &&
    markup`<div class="govuk-inset-text">This account has a second factor. Enter your password again and the code from your authenticator app.</div>\n`;
  return govukPage({
    title: 'Sign in',
    errors,
    content: markup`<h1 class="govuk-heading-l">Sign in</h1>
${why}<form method="post" action="/interaction/${encodeURIComponent(form.uid)}/login" novalidate>
${username}
${password}
${totp && markup`${totp}\n`}<button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button>
</form>
`,
  });
}

/** One GOV.UK text input with its label, and its hint and error message when there are. */
function field(input: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  width?: string;
  attributes: SafeHtml;
}): SafeHtml {
  const describedBy = [input.hint && `${input.id}-hint`, input.error && `${input.id}-error`].filter(Boolean).join(' ');
  const classes = ['govuk-input', input.width, input.error && 'govuk-input--error'].filter(Boolean).join(' ');
  const group = input.error ? 'govuk-form-group govuk-form-group--error' : 'govuk-form-group';
  const hint = input.hint && markup`<div id="${input.id}-hint" class="govuk-hint">${input.hint}</div>\n`;
  const error =
    input.error &&
    markup`<p id="${input.id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${input.error}</p>\n`;
  const describe = describedBy && markup` aria-describedby="${describedBy}"`;
  const value = input.value !== undefined && markup` value="${input.value}"`;
  return markup`<div class="${group}">
<label class="govuk-label" for="${input.id}">${input.label}</label>
${hint}${error}<input class="${classes}" id="${input.id}" name="${input.id}" ${input.attributes}${describe}${value}>
</div>`;
}
