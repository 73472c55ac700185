import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import { isHttps, WebConfig } from '../config/web.config.js';
import { navigationFor } from '../views/navigation.js';
import { PostgresSessionStore } from './postgres-session-store.js';
import { SESSION_SECRET } from './session-secret.js';

export const SESSION_COOKIE = 'prevent.sid';

/**
 * Server-side sessions in PostgreSQL; the browser holds only a signed, HttpOnly, SameSite=Lax
 * cookie (Secure over HTTPS). Idle sessions end after `WEB_SESSION_IDLE_MINUTES` (the cookie
 * and the row expire together, renewed on every request); every session ends
 * `WEB_SESSION_ABSOLUTE_HOURS` after sign-in however active.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  private readonly handler: ReturnType<typeof session>;

  constructor(
    private readonly config: WebConfig,
    @Inject(PostgresSessionStore) store: PostgresSessionStore,
    @Inject(SESSION_SECRET) secret: string,
  ) {
    this.handler = session({
      name: SESSION_COOKIE,
      store,
      secret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: isHttps(config),
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: isHttps(config),
        maxAge: config.sessionIdleMinutes * 60_000,
        path: '/',
      },
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    this.handler(req, res, (error?: unknown) => {
      if (error) return next(error);
      saveBeforeRedirecting(req, res);
      const { signedInAt } = req.session;
      if (signedInAt && Date.now() - signedInAt > this.config.sessionAbsoluteHours * 3_600_000) {
        req.session.user = undefined;
        req.session.tokens = undefined;
        req.session.signedInAt = undefined;
      }
      next();
    });
  }
}

/**
 * express-session saves a changed session as the response ends, but a redirect's headers can
 * reach a fast browser first: the next page would then miss what the last one stored (a flash
 * message, a step's answers). A redirect therefore waits for the session to be saved.
 */
function saveBeforeRedirecting(req: Request, res: Response): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  (res as { redirect: (...args: unknown[]) => void }).redirect = (...args: unknown[]) => {
    if (!req.session) return redirect(...args);
    req.session.save((error) => {
      if (error) return req.next?.(error);
      redirect(...args);
    });
  };
}

/** What every page needs: who is signed in, their navigation, the session timeout, a flash message. */
@Injectable()
export class PageLocalsMiddleware implements NestMiddleware {
  constructor(private readonly config: WebConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const user = req.session?.user;
    res.locals.user = user;
    res.locals.navigation = navigationFor(user, req.path);
    res.locals.currentPath = req.originalUrl;
    res.locals.sessionIdleSeconds = this.config.sessionIdleMinutes * 60;
    if (req.session?.flash) {
      res.locals.flash = req.session.flash;
      req.session.flash = undefined;
    }
    next();
  }
}
