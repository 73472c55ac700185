import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, type Provider } from '@nestjs/common';
import type { ConfigurationClass, Environment } from './config/config-schema.js';
import { ENVIRONMENT, environmentProvider } from './config/environment.js';
import { PlatformConfig } from './config/platform.config.js';
import { DatabaseShutdown, eventStoreProvider, poolProvider } from './database/database.providers.js';
import { EventStoreInstaller } from './database/event-store-installer.js';
import { HealthController } from './health/health.controller.js';
import { ReadinessChecks } from './health/readiness.js';
import { CorrelationMiddleware } from './logging/correlation.middleware.js';
import { HttpMetricsMiddleware, Metrics } from './metrics/metrics.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ServiceIdentity } from './service-identity.js';

export interface PlatformModuleOptions {
  /** The service's name, as in logs, metrics and the launcher (`referral-intake`). */
  readonly name: string;
  /** The database schema the service owns (`referral_intake`). */
  readonly schema: string;
  /** The service's own configuration classes, validated at boot like the platform's. */
  readonly configs?: readonly ConfigurationClass<unknown>[];
}

export function configProvider(config: ConfigurationClass<unknown>): Provider {
  return { provide: config, inject: [ENVIRONMENT], useFactory: (env: Environment) => config.load(env) };
}

/**
 * What every service needs: validated configuration, the working database pool, the
 * `EventStore`, health, metrics, and request correlation ids.
 */
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const configs = [PlatformConfig, ...(options.configs ?? [])];
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        environmentProvider,
        { provide: ServiceIdentity, useValue: new ServiceIdentity(options.name, options.schema) },
        ...configs.map(configProvider),
        poolProvider,
        eventStoreProvider,
        EventStoreInstaller,
        DatabaseShutdown,
        ReadinessChecks,
        Metrics,
      ],
      exports: [ENVIRONMENT, ServiceIdentity, ...configs, poolProvider, eventStoreProvider, Metrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware, HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
