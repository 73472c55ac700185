import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (the issuer URL must be known before the provider starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A browser's cookie jar, enough for one sign-in (and to come back with the session it made). */
export class Cookies {
  private readonly jar = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      this.jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
  }
  header(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:3000/auth/callback';

/** What the authorization request asks for. */
export interface AuthorizationRequest {
  readonly scope: string;
  /** The resource indicator; none: the provider's default audience. */
  readonly resource?: string;
}

/** The tests' usual request: the API's scope, for its resource. */
export const API_REQUEST: AuthorizationRequest = { scope: 'openid profile api', resource: 'urn:prevent:api' };
/** What apps/web asks for (its `SCOPE`): a refresh token too, and no resource indicator. */
export const WEB_APP_REQUEST: AuthorizationRequest = { scope: 'openid profile offline_access' };

/** The token endpoint's answer to a code or refresh-token exchange. */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in: number;
  readonly scope?: string;
  readonly id_token?: string;
  readonly refresh_token?: string;
}

export interface SignInAttempt {
  /** The sign-in page's status: 400 a field left empty, 401 refused or locked, 200 asks for a second factor. */
  readonly status: number;
  readonly accessToken?: string;
  readonly tokens?: TokenResponse;
  readonly page?: string;
}

/**
 * Drives the authorization-code flow with PKCE as the web app and a browser would: authorize,
 * follow to the sign-in page, post the credentials, follow back, exchange the code.
 */
export async function signIn(
  issuer: string,
  credentials: { username: string; password: string; totp?: string },
  redirectUri = DEFAULT_REDIRECT_URI,
  cookies = new Cookies(),
  request = API_REQUEST,
): Promise<SignInAttempt> {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = authorizeUrl(issuer, verifier, redirectUri, request);
  let response = await fetch(authorize, { redirect: 'manual' });
  cookies.take(response);
  const interaction = new URL(response.headers.get('location') ?? '', issuer);
  if (!interaction.pathname.startsWith('/interaction/'))
    throw new Error(`no sign-in page: ${response.status} ${await response.text()}`);
  const form = new URLSearchParams({ username: credentials.username, password: credentials.password });
  if (credentials.totp) form.set('totp', credentials.totp);
  response = await fetch(new URL(`${interaction.pathname}/login`, issuer), {
    method: 'POST',
    body: form,
    headers: { cookie: cookies.header(), 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  cookies.take(response);
  if (response.status !== 303 && response.status !== 302)
    return { status: response.status, page: await response.text() };
  const location = await followToRedirectUri(issuer, response.headers.get('location') ?? '', cookies, redirectUri);
  const tokens = await exchangeCode(issuer, location, verifier, redirectUri);
  return { status: 200, accessToken: tokens.access_token, tokens };
}

/**
 * Comes back to the provider with a browser's cookies, as the web app does when a user returns:
 * with a live session the provider answers at once with a code (exchanged here for a token),
 * without one it sends the browser to its sign-in page.
 */
export async function returnWithSession(
  issuer: string,
  cookies: Cookies,
  redirectUri = DEFAULT_REDIRECT_URI,
): Promise<{ outcome: 'signed-in'; accessToken: string } | { outcome: 'sign-in-page' }> {
  const verifier = randomBytes(32).toString('base64url');
  const response = await fetch(authorizeUrl(issuer, verifier, redirectUri, API_REQUEST), {
    headers: { cookie: cookies.header() },
    redirect: 'manual',
  });
  cookies.take(response);
  const location = response.headers.get('location') ?? '';
  if (new URL(location, issuer).pathname.startsWith('/interaction/')) return { outcome: 'sign-in-page' };
  const final = await followToRedirectUri(issuer, location, cookies, redirectUri);
  return {
    outcome: 'signed-in',
    accessToken: (await exchangeCode(issuer, final, verifier, redirectUri)).access_token,
  };
}

/** The authorization request of the web client, with a PKCE challenge made from `verifier`. */
export function authorizeUrl(
  issuer: string,
  verifier: string,
  redirectUri: string,
  request: AuthorizationRequest = API_REQUEST,
): URL {
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(`${issuer}/auth`);
  for (const [key, value] of Object.entries({
    client_id: 'web',
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: request.scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    ...(request.resource ? { resource: request.resource } : {}),
  })) {
    authorize.searchParams.set(key, value);
  }
  return authorize;
}

async function followToRedirectUri(
  issuer: string,
  first: string,
  cookies: Cookies,
  redirectUri: string,
): Promise<string> {
  let location = first;
  for (let hops = 0; hops < 5 && !location.startsWith(redirectUri); hops++) {
    const response = await fetch(new URL(location, issuer), {
      headers: { cookie: cookies.header() },
      redirect: 'manual',
    });
    cookies.take(response);
    location = response.headers.get('location') ?? '';
    if (!location) throw new Error(`flow stopped with ${response.status}: ${await response.text()}`);
  }
  return location;
}

/** Exchanges the code in the redirect URI the browser was sent to (as the web app does). */
export async function exchangeCode(
  issuer: string,
  location: string,
  verifier: string,
  redirectUri: string,
): Promise<TokenResponse> {
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code: ${location}`);
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: 'web',
    }),
  });
  const body = (await token.json()) as Partial<TokenResponse> & { error?: string; error_description?: string };
  if (!body.access_token) throw new Error(`token endpoint: ${JSON.stringify(body)}`);
  return body as TokenResponse;
}

/** The refresh-token grant, as the public web client sends it (no resource: the granted one). */
export async function refresh(issuer: string, refreshToken: string): Promise<Response> {
  return fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'web' }),
  });
}

export async function clientCredentialsToken(issuer: string, clientId: string, secret: string): Promise<Response> {
  return fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: 'urn:prevent:api' }),
  });
}
