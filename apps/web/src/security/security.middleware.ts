import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { OidcClient } from '../auth/oidc-client.js';
import { isHttps, WebConfig } from '../config/web.config.js';

/**
 * Security headers on every page: a Content-Security-Policy without 'unsafe-inline' (the one
 * inline script of the GOV.UK template carries a per-request nonce), no framing, no sniffing, no
 * referrer across origins, and HSTS when the app is served over HTTPS.
 */
@Injectable()
export class SecurityHeadersMiddleware implements NestMiddleware {
  private readonly helmet: ReturnType<typeof helmet>;

  constructor(config: WebConfig, @Inject(OidcClient) oidc: OidcClient) {
    const https = isHttps(config);
    this.helmet = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          // the sign-in and sign-out forms lead to the identity provider
          formAction: ["'self'", oidc.issuerOrigin],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    this.helmet(req, res, next);
  }
}

export const CSRF_FIELD = '_csrf';

/** A form was posted without this session's CSRF token. */
export class CsrfMismatch extends Error {}

/**
 * Synchroniser-token CSRF protection: every session has a random token, every form carries it
 * in a hidden field, and every state-changing request must send it back (or in the
 * `X-CSRF-Token` header); otherwise it is refused with 403 and nothing is done.
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    if (!req.session) return next(new Error('CSRF protection needs the session'));
    req.session.csrfToken ??= randomBytes(32).toString('base64url');
    res.locals.csrfToken = req.session.csrfToken;
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const sent = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] ?? req.header('x-csrf-token');
    if (typeof sent !== 'string' || !sameToken(sent, req.session.csrfToken)) return next(new CsrfMismatch());
    if (req.body && typeof req.body === 'object') delete (req.body as Record<string, unknown>)[CSRF_FIELD];
    next();
  }
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
