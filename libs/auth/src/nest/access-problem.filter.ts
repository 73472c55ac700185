import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AccessError, InvalidTokenError } from '../auth.errors.js';

const STATUS = { unauthenticated: 401, forbidden: 403, 'not-found': 404, unavailable: 503 } as const;
const TITLE = {
  unauthenticated: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'Not Found',
  unavailable: 'Service Unavailable',
} as const;

interface HttpResponse {
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): void;
  type(value: string): HttpResponse;
  send(body: string): void;
}

/** Answers access errors as RFC 9457 problem details; a 401 also says how to authenticate (RFC 6750). */
@Catch(AccessError)
export class AccessProblemFilter implements ExceptionFilter {
  catch(error: AccessError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const status = STATUS[error.kind];
    if (status === 503) response.setHeader('Retry-After', '5');
    if (error instanceof InvalidTokenError) {
      response.setHeader(
        'WWW-Authenticate',
        error.reason === 'missing'
          ? 'Bearer'
          : 'Bearer error="invalid_token", error_description="the access token is not valid"',
      );
    }
    response
      .status(status)
      .type('application/problem+json')
      .send(JSON.stringify({ type: error.code, title: TITLE[error.kind], status, detail: error.message }));
  }
}
