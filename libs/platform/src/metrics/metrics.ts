import { Injectable, type NestMiddleware } from '@nestjs/common';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The service's own Prometheus registry (not prom-client's global one, so that two apps in
 * one process, as in tests, keep their metrics apart), labelled with the app's name.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(appName: string) {
    this.registry.setDefaultLabels({ app: appName });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }
}

interface RoutedRequest {
  method: string;
  route?: { path?: unknown };
  baseUrl?: string;
}

interface FinishingResponse {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/** Times every request; the route label is the matched template (`/referrals/:id`), never the raw URL. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(request: RoutedRequest, response: FinishingResponse, next: () => void): void {
    const stop = this.metrics.httpRequestDuration.startTimer();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const template = typeof request.route?.path === 'string' ? `${request.baseUrl ?? ''}${request.route.path}` : '';
      stop({ method: request.method, route: template || 'unmatched', status: String(response.statusCode) });
    };
    response.once('finish', record);
    response.once('close', record);
    next();
  }
}
