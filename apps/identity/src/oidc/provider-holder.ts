import Provider, { errors, type AdapterConstructor, type ClientMetadata, type Configuration } from 'oidc-provider';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import type { AccountStore } from '../accounts/account.store.js';
import type { IdentityConfig } from '../config/identity.config.js';
import type { PagePolicy } from '../pages/govuk-page.js';
import { signedOutPage, signOutPage } from '../pages/sign-out.page.js';
import { WEB_CLIENT_ID } from './clients.js';
import type { SigningKeys } from './signing-keys.js';

/** oidc-provider's RP-initiated logout pages; its own auto-submitting one among them. */
const END_SESSION_PATH = '/session/end';
/** The paths oidc-provider answers; everything else goes to the Nest controllers. */
const PROVIDER_PATHS = [
  '/.well-known/openid-configuration',
  '/auth',
  '/token',
  '/jwks',
  '/me',
  END_SESSION_PATH,
  '/request',
];
const API_SCOPE = 'api';

/**
 * Holds the running oidc-provider instance. A key rotation builds a new instance with the new
 * key first (it signs) and the superseded ones after (still published) and swaps it in; the
 * grants, sessions and interactions live in the PostgreSQL adapter, which both instances (and
 * every process of the provider, and the next start) share.
 */
export class ProviderHolder {
  private provider!: Provider;
  private handler!: (req: IncomingMessage, res: ServerResponse) => void;
  private keys: JWK[] = [];

  constructor(
    private readonly config: IdentityConfig,
    private readonly accounts: AccountStore,
    private readonly signingKeys: SigningKeys,
    private readonly clients: ClientMetadata[],
    private readonly cookieKeys: string[],
    private readonly adapter: AdapterConstructor,
    private readonly pages: PagePolicy,
  ) {}

  get current(): Provider {
    return this.provider;
  }

  /** The public halves of the published keys. */
  get publicKeys(): JWK[] {
    return this.keys.map(({ kty, crv, x, y, n, e, kid, alg, use }) => ({ kty, crv, x, y, n, e, kid, alg, use }));
  }

  async load(): Promise<void> {
    this.keys = await this.signingKeys.published();
    const provider = new Provider(this.config.issuer, this.configuration());
    provider.proxy = false;
    this.provider = provider;
    this.handler = provider.callback();
  }

  async rotate(): Promise<string> {
    const kid = await this.signingKeys.rotate();
    await this.load();
    return kid;
  }

  /** Express middleware: hands the provider's own paths to it. */
  middleware() {
    return (req: IncomingMessage & { path?: string }, res: ServerResponse, next: () => void) => {
      const path = req.path ?? new URL(req.url ?? '/', 'http://x').pathname;
      if (PROVIDER_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
        // with no session to end, oidc-provider answers with a page that submits itself: it adds
        // its script's hash to this policy; the pages rendered below replace it with the strict one
        if (path === END_SESSION_PATH || path.startsWith(`${END_SESSION_PATH}/`))
          this.pages.apply(res, this.pages.providerHeaders);
        this.handler(req, res);
      } else {
        next();
      }
    };
  }

  private configuration(): Configuration {
    const { audience, accessTokenTtlSeconds } = this.config;
    const accounts = this.accounts;
    const pages = this.pages;
    return {
      adapter: this.adapter,
      clients: this.clients,
      jwks: { keys: this.keys as never },
      cookies: { keys: this.cookieKeys },
      clientDefaults: {
        id_token_signed_response_alg: 'ES256',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      claims: { openid: ['sub'], profile: ['preferred_username', 'roles', 'area'] },
      scopes: ['openid', 'profile', 'offline_access'],
      pkce: { required: () => true },
      ttl: {
        AccessToken: accessTokenTtlSeconds,
        ClientCredentials: accessTokenTtlSeconds,
        AuthorizationCode: 60,
        IdToken: 3600,
        Interaction: 600,
        Session: 8 * 3600,
        Grant: 8 * 3600,
        RefreshToken: 8 * 3600,
      },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        introspection: { enabled: true },
        revocation: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          /** Asks before signing out (the request may come from anywhere); the button posts oidc-provider's form. */
          async logoutSource(ctx, form) {
            pages.apply(ctx.res);
            ctx.type = 'html';
            ctx.body = signOutPage(form);
          },
          /** Only when the web app gave no post-logout redirect URI to go back to. */
          async postLogoutSuccessSource(ctx) {
            pages.apply(ctx.res);
            ctx.type = 'html';
            ctx.body = signedOutPage();
          },
        },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => audience,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, resource) => {
            if (resource !== audience) throw new errors.InvalidTarget();
            return {
              scope: API_SCOPE,
              audience,
              accessTokenTTL: accessTokenTtlSeconds,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'ES256' } },
            };
          },
        },
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      async findAccount(_ctx, id) {
        const account = await accounts.find(id);
        if (!account || account.disabled) return undefined;
        return {
          accountId: account.id,
          claims: () => ({
            sub: account.id,
            preferred_username: account.username,
            roles: [...account.roles],
            ...(account.area ? { area: account.area } : {}),
          }),
        };
      },
      /**
       * Roles, area and username go into every user's access token (the web app shows who is signed
       * in); read at issue time, also on a refresh, so a re-role applies to the next token and a
       * disabled account gets none. Client-credentials tokens have no account and get nothing.
       */
      async extraTokenClaims(_ctx, token) {
        const accountId = (token as { accountId?: string }).accountId;
        if (!accountId) return undefined;
        const account = await accounts.find(accountId);
        if (!account || account.disabled) throw new errors.InvalidGrant('account disabled');
        return {
          preferred_username: account.username,
          roles: [...account.roles],
          ...(account.area ? { area: account.area } : {}),
        };
      },
      /**
       * The web app is first-party: it gets a refresh token from every code exchange, without a
       * consent prompt. oidc-provider drops `offline_access` from an authorization request that
       * does not also say `prompt=consent` (which would force a consent page), so the requested
       * scope cannot be the signal; the client's registered `refresh_token` grant is.
       */
      async issueRefreshToken(_ctx, client) {
        return client.clientId === WEB_CLIENT_ID && client.grantTypeAllowed('refresh_token');
      },
      /**
       * Codes, and so the refresh tokens made from them, end with the provider session: signing out
       * (RP-initiated logout, sign-out-everywhere) or the session's 8 hours end the refresh too.
       */
      async expiresWithSession() {
        return true;
      },
      /** The web app is first-party: its users are not asked to consent to the system's own API. */
      async loadExistingGrant(ctx) {
        const client = ctx.oidc.client;
        const session = ctx.oidc.session;
        if (!client || !session?.accountId || client.clientId !== WEB_CLIENT_ID) return undefined;
        const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
        const grant = grantId
          ? await ctx.oidc.provider.Grant.find(grantId)
          : new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
        if (!grant) return undefined;
        grant.addOIDCScope('openid profile offline_access');
        grant.addResourceScope(audience, API_SCOPE);
        await grant.save();
        return grant;
      },
      async renderError(ctx, out) {
        ctx.type = 'application/problem+json';
        ctx.body = JSON.stringify({
          type: `oidc.${String(out.error)}`,
          title: String(out.error),
          status: ctx.status,
          detail: out.error_description,
        });
      },
    };
  }
}
