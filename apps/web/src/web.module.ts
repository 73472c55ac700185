import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
  RequestMethod,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TokenVerifier } from '@lib/auth';
import { authConfigOf, CorrelationMiddleware, OidcConfig, PlatformConfig } from '@lib/platform';
import pg from 'pg';
import { AdminModule } from './admin/admin.module.js';
import { CasesModule } from './cases/cases.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { ReportingModule } from './reporting/reporting.module.js';
import { AuthController } from './auth/auth.controller.js';
import { OidcClient } from './auth/oidc-client.js';
import { WebAccessGuard } from './auth/web-access.js';
import { Backend } from './backend/backend.js';
import { WEB_SCHEMA, WebConfig } from './config/web.config.js';
import { WebHealthController } from './health/health.controller.js';
import { HomeController } from './home/home.controller.js';
import { CsrfMiddleware, SecurityHeadersMiddleware } from './security/security.middleware.js';
import { PostgresSessionStore } from './session/postgres-session-store.js';
import { SESSION_SECRET, sessionSecret } from './session/session-secret.js';
import { PageLocalsMiddleware, SessionMiddleware } from './session/session.middleware.js';
import { PageErrorsFilter } from './views/page-errors.filter.js';
import { Views } from './views/views.js';

/** The web app's shared parts, for the feature modules (referrals, cases, statistics, admin). */
@Module({})
export class WebCoreModule implements OnModuleInit, OnApplicationShutdown {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const providers: Provider[] = [
      { provide: WebConfig, useFactory: () => WebConfig.load(env) },
      { provide: PlatformConfig, useFactory: () => PlatformConfig.load(env) },
      { provide: OidcConfig, useFactory: () => OidcConfig.load(env) },
      { provide: 'OIDC_ISSUER', inject: [OidcConfig], useFactory: (oidc: OidcConfig) => oidc.issuer },
      {
        provide: TokenVerifier,
        inject: [OidcConfig],
        useFactory: (oidc: OidcConfig) => new TokenVerifier(authConfigOf(oidc)),
      },
      {
        provide: pg.Pool,
        inject: [PlatformConfig],
        useFactory: (platform: PlatformConfig) =>
          new pg.Pool({
            connectionString: platform.databaseUrl,
            application_name: 'web',
            max: 10,
            connectionTimeoutMillis: platform.readinessTimeoutMs,
            idleTimeoutMillis: 30_000,
          }),
      },
      {
        provide: PostgresSessionStore,
        inject: [pg.Pool, WebConfig],
        useFactory: (pool: pg.Pool, config: WebConfig) =>
          new PostgresSessionStore(pool, WEB_SCHEMA, config.sessionIdleMinutes * 60_000),
      },
      {
        provide: SESSION_SECRET,
        inject: [WebConfig],
        useFactory: (config: WebConfig) => sessionSecret(config.sessionSecret, env),
      },
      OidcClient,
      Backend,
      Views,
    ];
    return {
      module: WebCoreModule,
      global: true,
      providers,
      exports: [
        WebConfig,
        PlatformConfig,
        OidcConfig,
        SESSION_SECRET,
        TokenVerifier,
        OidcClient,
        Backend,
        Views,
        PostgresSessionStore,
        pg.Pool,
      ],
    };
  }

  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(PostgresSessionStore) private readonly sessions: PostgresSessionStore,
  ) {}

  async onModuleInit(): Promise<void> {
    await PostgresSessionStore.install(this.pool, WEB_SCHEMA);
    this.sessions.startSweeping();
  }

  async onApplicationShutdown(): Promise<void> {
    this.sessions.stopSweeping();
    await this.pool.end();
  }
}

/** The feature modules, each owning its pages (added as they are built). */
export const FEATURE_MODULES: Type<unknown>[] = [
  ReferralsModule,
  CasesModule,
  MeetingsModule,
  ReportingModule,
  AdminModule,
];

@Module({
  imports: [WebCoreModule.forRoot(), ...FEATURE_MODULES],
  controllers: [WebHealthController, AuthController, HomeController],
  providers: [
    { provide: APP_GUARD, useClass: WebAccessGuard },
    { provide: APP_FILTER, useClass: PageErrorsFilter },
  ],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CorrelationMiddleware, SecurityHeadersMiddleware, SessionMiddleware, CsrfMiddleware, PageLocalsMiddleware)
      .exclude({ path: 'health/{*rest}', method: RequestMethod.ALL })
      .forRoutes('{*path}');
  }
}
