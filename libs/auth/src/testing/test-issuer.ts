import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/**
 * A stand-in OpenID issuer for tests only: real key pairs, a real discovery document and JWKS
 * served over HTTP on 127.0.0.1, and a signer for the tokens a test needs (valid, expired,
 * for another audience...). Never imported by production code; apps issue tokens through
 * `apps/identity` (oidc-provider) or Keycloak.
 */
export interface TestIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  /** Signs an access token with the current key; `claims` override the defaults. */
  sign(claims?: JWTPayload, options?: { key?: 'current' | 'stranger'; alg?: string }): Promise<string>;
  /** Publishes a new current key alongside the old one (as a rotation does). */
  rotate(): Promise<void>;
  /** Stops publishing every key but the current one. */
  retireOldKeys(): void;
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: number;
  close(): Promise<void>;
}

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

export async function startTestIssuer(defaults: { audience: string }): Promise<TestIssuer> {
  let keys: Key[] = [await newKey('key-1')];
  const stranger = await newKey('key-1'); // same kid, other key: a forged signature
  let fetches = 0;
  let issuer = '';
  const server: Server = createServer((request, response) => {
    if (request.url === '/.well-known/openid-configuration') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (request.url === '/jwks') {
      fetches += 1;
      response.setHeader('content-type', 'application/jwk-set+json');
      response.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    get jwksFetches() {
      return fetches;
    },
    async sign(claims = {}, options = {}) {
      const key = options.key === 'stranger' ? stranger : keys[0];
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, aud: defaults.audience, sub: 'user-1', iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg: options.alg ?? 'ES256', kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey);
    },
    async rotate() {
      keys = [await newKey(`key-${keys.length + 1}`), ...keys];
    },
    retireOldKeys() {
      keys = keys.slice(0, 1);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
