import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, type Provider } from '@nestjs/common';
import { AuditLog, AuditSearchController, PostgresAuditLog } from '@lib/audit';
import { KeyStore, PersonalDataCipher } from '@lib/personal-data';
import { AuthModule } from '@lib/auth';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import pg from 'pg';
import type { ConfigurationClass, Environment } from './config/config-schema.js';
import { ENVIRONMENT, environmentProvider } from './config/environment.js';
import { authConfigOf, OidcConfig } from './config/oidc.config.js';
import { PlatformConfig } from './config/platform.config.js';
import { DatabaseShutdown, eventStoreProvider, poolProvider } from './database/database.providers.js';
import { SchemaInstaller } from './database/schema-installer.js';
import { platformValidationPipe, ProblemDetailsFilter } from './errors/problem-details.filter.js';
import { HealthController } from './health/health.controller.js';
import { ReadinessChecks } from './health/readiness.js';
import { CorrelationMiddleware } from './logging/correlation.middleware.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PersonalDataConfig } from './personal-data/personal-data.config.js';
import { personalDataProviders } from './personal-data/personal-data.providers.js';
import { MessagingConfig } from './messaging/messaging.config.js';
import { MessagingModule } from './messaging/messaging.module.js';
import type { MessagingOptions } from './messaging/messaging.options.js';
import { ServiceIdentity } from './service-identity.js';

export interface PlatformModuleOptions {
  /** The service's name, as in logs, metrics and the launcher (`referral-intake`). */
  readonly name: string;
  /** The database schema the service owns (`referral_intake`). */
  readonly schema: string;
  /**
   * Whether the service holds personal data. If so, administrators can search its audit of reads
   * at `GET /audit/entries`. Every service has an audit log either way; stated by each service,
   * never defaulted.
   */
  readonly personalData: boolean;
  /** The service's own configuration classes, validated at boot like the platform's. */
  readonly configs?: readonly ConfigurationClass<unknown>[];
  /** What the service publishes (its relay's mapping) and consumes (its consumers); see `MessagingModule`. */
  readonly messaging?: MessagingOptions;
}

/** The configurations every service validates at boot, before its own. */
export const PLATFORM_CONFIGS: readonly ConfigurationClass<unknown>[] = [PlatformConfig, OidcConfig, MessagingConfig];

export function configProvider(config: ConfigurationClass<unknown>): Provider {
  return { provide: config, inject: [ENVIRONMENT], useFactory: (env: Environment) => config.load(env) };
}

const auditLogProvider: Provider = {
  provide: AuditLog,
  inject: [pg.Pool, ServiceIdentity],
  useFactory: (pool: pg.Pool, service: ServiceIdentity): AuditLog => new PostgresAuditLog(pool, service.schema),
};

/**
 * What every service needs: validated configuration, the working database pool, the
 * `EventStore`, the `AuditLog` of reads, access control (every access token verified, every
 * route refused unless it carries `@Allow` or `@Public`, see `libs/auth`), health, metrics, and
 * request correlation ids; every error answered as RFC 9457 problem details and every request body
 * validated (unknown fields refused); and, for a service holding personal data, the shared key
 * store and the `PersonalDataCipher` (`libs/platform/src/personal-data`).
 */
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const configs = [
      ...PLATFORM_CONFIGS,
      ...(options.personalData ? [PersonalDataConfig] : []),
      ...(options.configs ?? []),
    ];
    return {
      module: PlatformModule,
      global: true,
      imports: [
        AuthModule.forRootAsync({
          inject: [OidcConfig],
          useFactory: (oidc: OidcConfig) => ({ config: authConfigOf(oidc) }),
        }),
        MetricsModule.forRoot({ name: options.name }),
        MessagingModule.forRoot(options.messaging),
      ],
      controllers: [HealthController, ...(options.personalData ? [AuditSearchController] : [])],
      providers: [
        environmentProvider,
        { provide: ServiceIdentity, useValue: new ServiceIdentity(options.name, options.schema) },
        ...configs.map(configProvider),
        poolProvider,
        eventStoreProvider,
        auditLogProvider,
        SchemaInstaller,
        DatabaseShutdown,
        ReadinessChecks,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: platformValidationPipe },
        ...(options.personalData ? personalDataProviders : []),
      ],
      exports: [
        ENVIRONMENT,
        ServiceIdentity,
        ...configs,
        poolProvider,
        eventStoreProvider,
        auditLogProvider,
        MetricsModule,
        MessagingModule,
        ...(options.personalData ? [KeyStore, PersonalDataCipher] : []),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('{*path}');
  }
}
