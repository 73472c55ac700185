import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, ModulesContainer } from '@nestjs/core';
import { authConfigFromEnv, type AuthConfig } from '../auth.config.js';
import { TokenVerifier } from '../token-verifier.js';
import { routesWithoutRule } from '../routes.js';
import { AccessGuard } from './access.guard.js';
import { AccessProblemFilter } from './access-problem.filter.js';

export interface AuthModuleOptions {
  /** Verification settings; read from the environment (`OIDC_*`) when absent. */
  readonly config?: AuthConfig;
  /** A ready verifier (tests hand one in with a local key set). */
  readonly verifier?: TokenVerifier;
  /**
   * Refuse to start when a route has no access rule (default true). Tests of the guard's own
   * deny-by-default turn it off to reach such a route.
   */
  readonly failOnRouteWithoutRule?: boolean;
}

const OPTIONS = Symbol('prevent:auth-options');

class RouteRuleCheck implements OnApplicationBootstrap {
  constructor(
    private readonly modules: ModulesContainer,
    private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const missing = routesWithoutRule(this.modules);
    if (missing.length > 0) {
      throw new Error(
        `routes without an access rule (@Allow or @Public): ${missing.map((r) => `${r.method} ${r.path}`).join(', ')}`,
      );
    }
  }
}

export interface AuthModuleAsyncOptions {
  /** Providers the factory needs (e.g. the service's validated configuration). */
  readonly inject?: InjectionToken[];
  readonly useFactory: (...args: never[]) => AuthModuleOptions | Promise<AuthModuleOptions>;
}

/**
 * Installs access control in an app: the global deny-by-default guard, the problem-details
 * answers for access errors, and a boot check that every route carries a rule.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions = {}): DynamicModule {
    return AuthModule.withOptions({ provide: OPTIONS, useValue: options });
  }

  /** As {@link forRoot}, with the options made by a factory from other providers. */
  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return AuthModule.withOptions({
      provide: OPTIONS,
      inject: options.inject ?? [],
      useFactory: options.useFactory as (...args: unknown[]) => AuthModuleOptions | Promise<AuthModuleOptions>,
    });
  }

  private static withOptions(options: Provider): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        options,
        {
          provide: TokenVerifier,
          inject: [OPTIONS],
          useFactory: (o: AuthModuleOptions) => o.verifier ?? new TokenVerifier(o.config ?? authConfigFromEnv()),
        },
        {
          provide: RouteRuleCheck,
          inject: [ModulesContainer, OPTIONS],
          useFactory: (modules: ModulesContainer, o: AuthModuleOptions) =>
            new RouteRuleCheck(modules, o.failOnRouteWithoutRule ?? true),
        },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: AccessProblemFilter },
      ],
      exports: [TokenVerifier],
    };
  }
}
