import { describe, expect, it } from '@jest/globals';
import { identityConfigFromEnv, IdentityConfigError } from './identity.config.js';

const base = { DATABASE_URL: 'postgres://localhost/identity' };

describe('the web client’s URIs in the identity configuration', () => {
  it('default to the web app on 127.0.0.1:3000', () => {
    const config = identityConfigFromEnv(base);
    expect(config.webRedirectUris).toEqual(['http://127.0.0.1:3000/auth/callback']);
    expect(config.webPostLogoutRedirectUris).toEqual(['http://127.0.0.1:3000/signed-out']);
  });

  it('are comma-separated lists', () => {
    const config = identityConfigFromEnv({
      ...base,
      IDENTITY_WEB_POST_LOGOUT_REDIRECT_URIS: ' https://prevent.example/signed-out , http://localhost:3000/signed-out,',
    });
    expect(config.webPostLogoutRedirectUris).toEqual([
      'https://prevent.example/signed-out',
      'http://localhost:3000/signed-out',
    ]);
  });

  it('stop the app at boot, naming the variable, when one is not an absolute http(s) URL', () => {
    for (const bad of ['/signed-out', 'javascript:alert(1)', 'https://prevent.example/signed-out#x']) {
      expect(() => identityConfigFromEnv({ ...base, IDENTITY_WEB_POST_LOGOUT_REDIRECT_URIS: bad })).toThrow(
        new IdentityConfigError(
          `IDENTITY_WEB_POST_LOGOUT_REDIRECT_URIS must list absolute http(s) URLs without fragment (got ${JSON.stringify(bad)})`,
        ),
      );
    }
    expect(() => identityConfigFromEnv({ ...base, IDENTITY_WEB_REDIRECT_URIS: 'not a url' })).toThrow(
      /^IDENTITY_WEB_REDIRECT_URIS must list/,
    );
  });
});

describe('the identity provider’s log level', () => {
  it('is LOG_LEVEL, as in the services, `log` by default, and refused when unknown', () => {
    expect(identityConfigFromEnv(base).logLevel).toBe('log');
    expect(identityConfigFromEnv({ ...base, LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(() => identityConfigFromEnv({ ...base, LOG_LEVEL: 'loud' })).toThrow(
      /^LOG_LEVEL must be one of fatal, error/,
    );
  });
});
