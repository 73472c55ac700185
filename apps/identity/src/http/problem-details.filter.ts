import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AccessError, AccessProblemFilter } from '@lib/auth';
import { errors } from 'oidc-provider';
import { AccountError } from '../accounts/account.store.js';

const ACCOUNT_STATUS = { 'account.not-found': 404, 'account.username-taken': 409, 'account.invalid': 422 } as const;
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: string[];
}

interface HttpResponse {
  headersSent: boolean;
  status(code: number): HttpResponse;
  type(value: string): HttpResponse;
  send(body: string): void;
}

/**
 * Every error of the identity app's own routes as RFC 9457 problem details
 * (`application/problem+json`): access errors as libs/auth answers them, invalid request bodies
 * (422 `request.invalid`, naming each problem), account errors, oidc-provider's errors on the
 * sign-in pages, and anything unexpected as a 500 that says nothing of its cause.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');
  private readonly access = new AccessProblemFilter();

  catch(error: unknown, host: ArgumentsHost): void {
    if (error instanceof AccessError) return this.access.catch(error, host);
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (response.headersSent) return;
    const problem = this.problemOf(error);
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private problemOf(error: unknown): Problem {
    if (error instanceof AccountError) {
      const status = ACCOUNT_STATUS[error.code];
      return { type: error.code, title: TITLES[status], status, detail: error.message };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const messages =
        typeof body === 'object' && body !== null && Array.isArray((body as { message?: unknown }).message)
          ? ((body as { message: unknown[] }).message.map(String) as string[])
          : undefined;
      if (status === 422 && messages) {
        return {
          type: 'request.invalid',
          title: TITLES[422],
          status,
          detail: 'The request is not valid.',
          errors: messages,
        };
      }
      return {
        type: status === 404 ? 'not-found' : `http.${status}`,
        title: TITLES[status] ?? error.name,
        status,
        detail: error.message,
      };
    }
    if (error instanceof errors.OIDCProviderError) {
      return {
        type: `oidc.${error.error}`,
        title: TITLES[error.status] ?? error.error,
        status: error.status,
        detail: error.error_description ?? error.message,
      };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { type: 'internal', title: TITLES[500], status: 500 };
  }
}
