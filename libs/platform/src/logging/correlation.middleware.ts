import { Injectable, type NestMiddleware } from '@nestjs/common';
import { CORRELATION_HEADER, correlationIdFrom, runWithCorrelationId } from './correlation.js';

interface HeaderedRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface HeaderedResponse {
  setHeader(name: string, value: string): unknown;
}

/** Gives each request a correlation id (the caller's, or a new one), echoed in the response. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(request: HeaderedRequest, response: HeaderedResponse, next: () => void): void {
    const correlationId = correlationIdFrom(request.headers[CORRELATION_HEADER]);
    response.setHeader(CORRELATION_HEADER, correlationId);
    // handlers that read the header (the audit of reads) see the same id the logs and the answer carry
    request.headers[CORRELATION_HEADER] = correlationId;
    runWithCorrelationId(correlationId, next);
  }
}
