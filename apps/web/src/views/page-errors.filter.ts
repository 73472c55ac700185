import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PageNotAllowed, SignInRequired } from '../auth/web-access.js';
import { BackendProblem, BackendUnavailable, SessionExpired } from '../backend/backend.js';
import { CsrfMismatch } from '../security/security.middleware.js';
import { Views } from './views.js';

/**
 * Every error as a page a user can act on: sign in again, not found, not allowed, a form that
 * expired (CSRF), a record someone else changed, a service that is down. Nothing of the request
 * (bodies may hold personal data) is logged, only the kind of error and the path.
 */
@Catch()
export class PageErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(@Inject(Views) private readonly views: Views) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;

    if (error instanceof SignInRequired || error instanceof SessionExpired) {
      if (req.session) {
        req.session.user = undefined;
        req.session.tokens = undefined;
      }
      const returnTo = req.method === 'GET' ? req.originalUrl : '/';
      res.redirect(303, `/sign-in?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`);
      return;
    }
    if (error instanceof PageNotAllowed) return this.page(res, 403, 'errors/forbidden.njk');
    if (error instanceof CsrfMismatch)
      return this.page(res, 403, 'errors/form-expired.njk', { back: req.get('referer') });
    if (error instanceof BackendProblem) {
      if (error.status === 404) return this.page(res, 404, 'errors/not-found.njk');
      if (error.status === 403) return this.page(res, 403, 'errors/forbidden.njk');
      if (error.status === 409 || error.status === 412)
        return this.page(res, 409, 'errors/conflict.njk', { back: req.get('referer') });
      if (error.status === 503) return this.page(res, 503, 'errors/unavailable.njk');
      this.logger.warn(`${req.method} ${req.path}: a service refused with ${error.status} ${error.type}`);
      return this.page(res, error.status >= 400 && error.status < 500 ? error.status : 500, 'errors/refused.njk', {
        problemType: error.type,
        detail: error.detail,
      });
    }
    if (error instanceof BackendUnavailable) {
      this.logger.warn(error.message);
      return this.page(res, 503, 'errors/unavailable.njk');
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status === 404) return this.page(res, 404, 'errors/not-found.njk');
      if (status < 500) return this.page(res, status, 'errors/refused.njk', { detail: error.message });
    }
    this.logger.error(
      `${req.method} ${req.path}: ${error instanceof Error ? error.name : 'error'}`,
      (error as Error)?.stack,
    );
    this.page(res, 500, 'errors/server-error.njk');
  }

  private page(res: Response, status: number, template: string, context: Record<string, unknown> = {}): void {
    this.views.render(res, template, context, status);
  }
}

/** Only a path on this site: never an absolute URL someone could slip in to send users elsewhere. */
export function safeReturnTo(value: string | undefined): string {
  if (!value) return '/';
  try {
    const url = new URL(value, 'http://web.invalid');
    if (url.origin !== 'http://web.invalid') {
      return '/';
    }
    return `${url.pathname}${url.search}` || '/';
  } catch {
    return '/';
  }
}
