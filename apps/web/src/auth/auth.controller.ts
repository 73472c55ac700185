import { Controller, Get, HttpCode, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { Public } from '@lib/auth';
import type { Request, Response } from 'express';
import { PostgresSessionStore } from '../session/postgres-session-store.js';
import { SESSION_COOKIE } from '../session/session.middleware.js';
import { safeReturnTo } from '../views/page-errors.filter.js';
import { Views } from '../views/views.js';
import { Backend } from '../backend/backend.js';
import { OidcClient, SignInFailedError } from './oidc-client.js';
import { SignedIn } from './web-access.js';

/**
 * Signing in and out. Sign-in sends the browser to the identity provider (authorization code +
 * PKCE); the callback swaps the code for tokens, kept in the server-side session only, and
 * starts a new session id (no fixation). Signing out ends every web session of the user, revokes
 * their refresh token, asks the provider to end its sessions too, then ends the provider's
 * browser session (RP-initiated logout).
 */
@Controller()
export class AuthController {
  private readonly logger = new Logger('SignIn');

  constructor(
    @Inject(OidcClient) private readonly oidc: OidcClient,
    @Inject(PostgresSessionStore) private readonly sessions: PostgresSessionStore,
    @Inject(Views) private readonly views: Views,
    @Inject(Backend) private readonly backend: Backend,
  ) {}

  @Get('sign-in')
  @Public()
  async signIn(@Query('returnTo') returnTo: string | undefined, @Req() req: Request, @Res() res: Response) {
    if (req.session.user) return res.redirect(303, safeReturnTo(returnTo));
    const { url, pending } = await this.oidc.startSignIn(safeReturnTo(returnTo));
    req.session.pendingSignIn = pending;
    await save(req);
    res.redirect(303, url.href);
  }

  @Get('auth/callback')
  @Public()
  async callback(@Req() req: Request, @Res() res: Response) {
    const pending = req.session.pendingSignIn;
    if (!pending) return res.redirect(303, '/sign-in');
    const callbackUrl = new URL(req.originalUrl, this.oidc.redirectUri);
    if (callbackUrl.searchParams.get('error')) {
      req.session.pendingSignIn = undefined;
      return this.views.render(res, 'auth/sign-in-failed.njk', {}, 401);
    }
    let signedIn;
    try {
      signedIn = await this.oidc.finishSignIn(callbackUrl, pending);
    } catch (error) {
      if (!(error instanceof SignInFailedError)) throw error;
      this.logger.warn(`sign-in refused: ${error.message}`);
      req.session.pendingSignIn = undefined;
      return this.views.render(res, 'auth/sign-in-failed.njk', {}, 401);
    }
    await regenerate(req);
    req.session.user = signedIn.user;
    req.session.tokens = signedIn.tokens;
    req.session.signedInAt = Date.now();
    await save(req);
    res.redirect(303, pending.returnTo);
  }

  @Get('sign-out')
  @SignedIn()
  confirmSignOut(@Res() res: Response) {
    this.views.render(res, 'auth/sign-out.njk');
  }

  /** Ends every session of the user: this app's, their tokens, and the provider's. */
  @Post('sign-out')
  @Public()
  @HttpCode(303)
  async signOut(@Req() req: Request, @Res() res: Response) {
    const { user, tokens } = req.session;
    if (user && tokens && this.backend.available('identity')) {
      try {
        await this.backend.call(req, 'identity', '/account/sign-out-everywhere', { method: 'POST' });
      } catch (error) {
        this.logger.warn(`the identity provider did not end the other sessions: ${(error as Error).name}`);
      }
    }
    await this.oidc.revoke(tokens);
    if (user) await this.sessions.destroyAllOf(user.sub);
    await destroy(req);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    const endSession = await this.oidc.endSessionUrl(tokens?.idToken);
    res.redirect(303, endSession?.href ?? '/signed-out');
  }

  @Get('signed-out')
  @Public()
  signedOut(@Res() res: Response) {
    this.views.render(res, 'auth/signed-out.njk');
  }

  @Get('session/timed-out')
  @Public()
  async timedOut(@Req() req: Request, @Res() res: Response) {
    const { user, tokens } = req.session;
    await this.oidc.revoke(tokens);
    if (user) await destroy(req);
    this.views.render(res, 'auth/timed-out.njk');
  }

  /** "Stay signed in" on the timeout warning: any signed-in request renews the session. */
  @Post('session/keep-alive')
  @SignedIn()
  @HttpCode(204)
  keepAlive(@Res() res: Response) {
    res.status(204).end();
  }
}

function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

function destroy(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
}
