import { Inject, Injectable } from '@nestjs/common';
import { type Principal, TokenVerifier } from '@lib/auth';
import * as oidc from 'openid-client';
import type { HeldTokens, PendingSignIn, SignedInUser } from '../session/session-data.js';
import { WebConfig } from '../config/web.config.js';

export const SCOPE = 'openid profile offline_access';
/** Refresh an access token this long before it expires, so a call never carries a stale one. */
const REFRESH_MARGIN_MS = 30_000;

export class SignInFailedError extends Error {}

/**
 * The web app as an OpenID Connect relying party: a public client using the authorization code
 * flow with PKCE (S256), state and nonce. Discovery is fetched on first use and retried after a
 * failure, so the web app starts while the provider is still starting. The user is read from
 * their access token, verified exactly as the services verify it.
 */
@Injectable()
export class OidcClient {
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    private readonly config: WebConfig,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject('OIDC_ISSUER') private readonly issuer: string,
  ) {}

  get redirectUri(): string {
    return new URL('/auth/callback', this.config.publicUrl).href;
  }

  get postLogoutRedirectUri(): string {
    return new URL('/signed-out', this.config.publicUrl).href;
  }

  async startSignIn(returnTo: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.discovered();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier,
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** Exchanges the code the provider sent back; throws `SignInFailedError` on any mismatch. */
  async finishSignIn(callbackUrl: URL, pending: PendingSignIn): Promise<{ user: SignedInUser; tokens: HeldTokens }> {
    const configuration = await this.discovered();
    let response: oidc.TokenEndpointResponse;
    try {
      response = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new SignInFailedError(error instanceof Error ? error.message : String(error));
    }
    const tokens = heldTokens(response);
    return { user: await this.userOf(tokens.accessToken), tokens };
  }

  /** The tokens to call a service with: the held ones, or refreshed ones when they are about to expire. */
  async fresh(tokens: HeldTokens, now = Date.now()): Promise<HeldTokens | undefined> {
    if (tokens.accessTokenExpiresAt - REFRESH_MARGIN_MS > now) return tokens;
    if (!tokens.refreshToken) return undefined;
    try {
      const response = await oidc.refreshTokenGrant(await this.discovered(), tokens.refreshToken);
      const refreshed = heldTokens(response);
      return { ...refreshed, refreshToken: refreshed.refreshToken ?? tokens.refreshToken, idToken: tokens.idToken };
    } catch {
      return undefined;
    }
  }

  async userOf(accessToken: string): Promise<SignedInUser> {
    const principal: Principal = await this.verifier.verify(accessToken);
    const claims = decodeClaims(accessToken);
    const username =
      typeof claims.preferred_username === 'string'
        ? claims.preferred_username
        : typeof claims.name === 'string'
          ? claims.name
          : principal.subject;
    return {
      sub: principal.subject,
      username,
      roles: principal.roles,
      ...(principal.area ? { area: principal.area } : {}),
    };
  }

  /** Revokes the refresh token at the provider (best effort: the session is ended either way). */
  async revoke(tokens: HeldTokens | undefined): Promise<void> {
    if (!tokens?.refreshToken) return;
    try {
      await oidc.tokenRevocation(await this.discovered(), tokens.refreshToken, { token_type_hint: 'refresh_token' });
    } catch {
      // the provider may not offer revocation, or may be down: the web session is gone regardless
    }
  }

  /** Where to send the browser to end the provider's session too (RP-initiated logout). */
  async endSessionUrl(idToken: string | undefined): Promise<URL | undefined> {
    try {
      const configuration = await this.discovered();
      if (!configuration.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(configuration, {
        post_logout_redirect_uri: this.postLogoutRedirectUri,
        ...(idToken ? { id_token_hint: idToken } : {}),
      });
    } catch {
      return undefined;
    }
  }

  /** The provider's origin: sign-in and sign-out forms submit there, so the CSP must allow it. */
  get issuerOrigin(): string {
    return new URL(this.issuer).origin;
  }

  private discovered(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const insecure = new URL(this.issuer).protocol === 'http:';
      const auth = this.config.clientSecret ? oidc.ClientSecretBasic(this.config.clientSecret) : oidc.None();
      const discovery = oidc.discovery(new URL(this.issuer), this.config.clientId, undefined, auth, {
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 5,
      });
      discovery.catch(() => (this.configuration = undefined));
      this.configuration = discovery;
    }
    return this.configuration;
  }
}

function heldTokens(response: oidc.TokenEndpointResponse): HeldTokens {
  return {
    accessToken: response.access_token,
    accessTokenExpiresAt: Date.now() + (response.expires_in ?? 300) * 1000,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    ...(response.id_token ? { idToken: response.id_token } : {}),
  };
}

/** The payload of a JWT already verified by `TokenVerifier`, for display claims only. */
function decodeClaims(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
