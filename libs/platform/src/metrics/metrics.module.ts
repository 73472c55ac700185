import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HttpMetricsMiddleware, Metrics } from './metrics.js';
import { MetricsController } from './metrics.controller.js';

/**
 * Prometheus metrics for one app: `GET /metrics` (public) with the process's default metrics and
 * the request histogram by route template. The services get it through `PlatformModule`; the
 * identity provider imports it on its own.
 */
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(options: { readonly name: string }): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [{ provide: Metrics, useFactory: () => new Metrics(options.name) }, HttpMetricsMiddleware],
      exports: [Metrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
