import { Inject, Injectable } from '@nestjs/common';
import { CORRELATION_HEADER } from '@lib/platform';
import type { Request } from 'express';
import { OidcClient } from '../auth/oidc-client.js';
import { WebConfig } from '../config/web.config.js';

/** The services the web app calls. */
export type Service = 'intake' | 'panel' | 'reporting' | 'identity';

export interface FieldProblem {
  readonly field: string;
  readonly messages: readonly string[];
}

/** A service refused the call with an RFC 9457 problem. */
export class BackendProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly detail: string | undefined,
    readonly fieldErrors: readonly FieldProblem[],
  ) {
    super(`${status} ${type}${detail ? `: ${detail}` : ''}`);
    this.name = 'BackendProblem';
  }
}

/** A service could not be reached, or answered with something other than a problem. */
export class BackendUnavailable extends Error {
  constructor(
    readonly service: Service,
    cause: unknown,
  ) {
    super(`${service} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'BackendUnavailable';
  }
}

/** The user's session no longer holds a usable token: sign in again. */
export class SessionExpired extends Error {}

export interface BackendResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly etag?: string;
  readonly headers: Headers;
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly query?: Record<string, string | number | boolean | undefined | readonly string[]>;
  readonly body?: unknown;
  readonly ifMatch?: string;
  readonly idempotencyKey?: string;
  /** Answer the raw text (CSV) instead of parsing JSON. */
  readonly text?: boolean;
}

/**
 * Calls the services' APIs as the signed-in user: their access token (refreshed when it is
 * about to expire, and the session updated), the request's correlation id, the ETag and
 * If-Match of optimistic concurrency. Problems come back as `BackendProblem`, so a page can show
 * a service's field errors in its error summary and a 409/412 as a conflict.
 */
@Injectable()
export class Backend {
  private readonly bases: Record<Service, string | undefined>;

  constructor(
    private readonly config: WebConfig,
    @Inject(OidcClient) private readonly oidc: OidcClient,
  ) {
    this.bases = {
      intake: config.referralIntakeUrl,
      panel: config.channelPanelUrl,
      reporting: config.complianceReportingUrl,
      identity: config.identityAdminUrl,
    };
  }

  available(service: Service): boolean {
    return this.bases[service] !== undefined;
  }

  async call<T>(req: Request, service: Service, path: string, options: CallOptions = {}): Promise<BackendResponse<T>> {
    const base = this.bases[service];
    if (!base) throw new BackendUnavailable(service, 'not configured');
    const held = req.session.tokens;
    if (!held) throw new SessionExpired();
    const tokens = await this.oidc.fresh(held);
    if (!tokens) throw new SessionExpired();
    if (tokens !== held) req.session.tokens = tokens;

    const url = new URL(path, base);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value === undefined || value === '') continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, String(item));
      else url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${tokens.accessToken}`,
      accept: options.text ? 'text/csv, application/problem+json' : 'application/json, application/problem+json',
    };
    const correlationId = req.header(CORRELATION_HEADER);
    if (correlationId) headers['x-correlation-id'] = correlationId;
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(this.config.backendTimeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw new BackendUnavailable(service, error);
    }
    const text = await response.text();
    if (response.status === 401) throw new SessionExpired();
    if (!response.ok) {
      let problem: { type?: unknown; detail?: unknown; errors?: unknown } = {};
      try {
        problem = JSON.parse(text) as typeof problem;
      } catch {
        if (response.status >= 500) throw new BackendUnavailable(service, `${response.status}`);
      }
      if (response.status >= 500 && response.status !== 503)
        throw new BackendUnavailable(service, `${response.status}`);
      throw new BackendProblem(
        response.status,
        typeof problem.type === 'string' ? problem.type : `http.${response.status}`,
        typeof problem.detail === 'string' ? problem.detail : undefined,
        Array.isArray(problem.errors) ? (problem.errors as FieldProblem[]) : [],
      );
    }
    const body = (options.text ? text : text === '' ? undefined : JSON.parse(text)) as T;
    return {
      status: response.status,
      body,
      headers: response.headers,
      ...(response.headers.get('etag') ? { etag: response.headers.get('etag') as string } : {}),
    };
  }

  async get<T>(req: Request, service: Service, path: string, query?: CallOptions['query']): Promise<T> {
    return (await this.call<T>(req, service, path, { query })).body;
  }

  async post<T>(
    req: Request,
    service: Service,
    path: string,
    body: unknown,
    options: Omit<CallOptions, 'body' | 'method'> = {},
  ): Promise<BackendResponse<T>> {
    return this.call<T>(req, service, path, { ...options, method: 'POST', body });
  }
}
