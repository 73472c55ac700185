import {
  Catch,
  HttpException,
  Logger,
  ValidationPipe,
  type ArgumentsHost,
  type ExceptionFilter,
  type ValidationError,
} from '@nestjs/common';
import { AccessError, AccessProblemFilter } from '@lib/auth';
import { WrongExpectedRevisionError } from '@lib/event-store';
import { isDomainError, InvalidRequestError, STATUS_OF_KIND, type FieldError } from './domain-error.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
};

/** An RFC 9457 problem: `type` is the stable code of the error. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

interface HttpResponse {
  headersSent: boolean;
  status(code: number): HttpResponse;
  type(value: string): HttpResponse;
  send(body: string): void;
}

/**
 * Every error of every service as RFC 9457 problem details (`application/problem+json`), mapped
 * once, here: access errors as libs/auth answers them; domain errors by kind (404, 409, 422, 412,
 * 428) with their code as `type`; invalid requests as 400 naming each field; a concurrent
 * writer that outlasted the retries as 409; Nest's own HTTP errors with their status; anything else
 * as a 500 that says nothing of its cause (logged with the stack, never with the request body).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');
  private readonly access = new AccessProblemFilter();

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    if (error instanceof AccessError) return this.access.catch(error, host);
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (response.headersSent) return;
    if (error instanceof HttpException && isOwnBody(error.getResponse())) {
      // a route that answers an error with a body of its own (readiness), not Nest's default one
      response.status(error.getStatus()).type('application/json').send(JSON.stringify(error.getResponse()));
      return;
    }
    const problem = this.problemOf(error);
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  problemOf(error: unknown): Problem {
    if (error instanceof InvalidRequestError) {
      return { type: error.code, title: TITLES[400], status: 400, detail: error.message, errors: error.errors };
    }
    if (isDomainError(error)) {
      const status = STATUS_OF_KIND[error.kind];
      return { ...(error.details ?? {}), type: error.code, title: TITLES[status], status, detail: error.message };
    }
    if (error instanceof WrongExpectedRevisionError) {
      return {
        type: error.code,
        title: TITLES[409],
        status: 409,
        detail: 'The record kept changing while this request was decided; try again.',
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return {
        type: status === 404 ? 'http.not-found' : `http.${status}`,
        title: TITLES[status] ?? error.name,
        status,
        detail: error.message,
      };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { type: 'internal', title: TITLES[500], status: 500, detail: 'Something went wrong on our side.' };
  }
}

function isOwnBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !('statusCode' in body && 'message' in body);
}

/** class-validator's errors, flattened to one entry per field with its dot path. */
export function fieldErrorsOf(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const fields: FieldError[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) fields.push({ field: path, messages: Object.values(error.constraints) });
    if (error.children?.length) fields.push(...fieldErrorsOf(error.children, path));
  }
  return fields;
}

/**
 * The one validation pipe of every service: unknown fields are refused, not silently dropped;
 * bodies become their DTO classes; a bad request is a 400 problem naming each field.
 */
export function platformValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidRequestError(fieldErrorsOf(errors)),
  });
}
