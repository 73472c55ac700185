import { Module, ValidationPipe, type DynamicModule, type LoggerService } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AuthModule, listRoutes, TokenVerifier, type RouteAccess } from '@lib/auth';
import { MetricsModule } from '@lib/platform';
import { createLocalJWKSet } from 'jose';
import pg from 'pg';
import type { Response } from 'express';
import { SignOutEverywhereController } from './account/sign-out-everywhere.controller.js';
import { AccountStore } from './accounts/account.store.js';
import { seedDemoUsers, type DemoUser } from './accounts/demo-users.js';
import { writeDemoUsersFile } from './accounts/demo-users-file.js';
import { AdminController } from './admin/admin.controller.js';
import type { IdentityConfig } from './config/identity.config.js';
import { InterventionProvidersController } from './directory/intervention-providers.controller.js';
import { HealthController } from './health/health.controller.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { loadClients } from './oidc/clients.js';
import { InteractionController } from './oidc/interaction.controller.js';
import { installOidcStorage, OidcStorage, postgresAdapter } from './oidc/postgres-adapter.js';
import { ProviderHolder } from './oidc/provider-holder.js';
import { SigningKeys } from './oidc/signing-keys.js';
import { govukFrontendFiles, originsOf, PagePolicy, STYLESHEET_PATH } from './pages/govuk-page.js';

export interface RunningIdentity {
  readonly url: string;
  readonly pool: pg.Pool;
  readonly accounts: AccountStore;
  readonly demoUsers: readonly DemoUser[];
  /** Every controller route with its access rule (for the route-by-role walk). */
  readonly routes: readonly RouteAccess[];
  /** The API's OpenAPI document (admin, account, directory), as served at `/api/docs-json`. */
  readonly openApi: OpenAPIObject;
  close(): Promise<void>;
}

export interface IdentityOptions {
  /** Nest's logger (`main.ts`: the JSON logger); by default errors and warnings on the console. */
  readonly logger?: LoggerService;
}

/**
 * Boots the identity provider: migrates its schema, seeds the demo users on first start, loads
 * the signing keys and the clients, and serves oidc-provider's endpoints next to the sign-in and
 * sign-out pages (with GOV.UK Frontend's assets), the admin, account and directory API and the
 * health checks (all behind libs/auth's deny-by-default guard).
 */
export async function startIdentity(config: IdentityConfig, options: IdentityOptions = {}): Promise<RunningIdentity> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
  try {
    const accounts = new AccountStore(pool, config.schema, config.lockout);
    const signingKeys = new SigningKeys(pool, config.schema, config.keyOverlapSeconds);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${config.schema}`);
    await accounts.migrate();
    await signingKeys.migrate();
    await installOidcStorage(pool, config.schema);
    const demoUsers = config.seedDemoUsers ? await seedDemoUsers(accounts) : [];
    if (demoUsers.length > 0) writeDemoUsersFile(config.demoUsersFile, demoUsers, config.issuer);
    // the sign-in and sign-out forms' answers redirect to the web app: their CSP must allow its origins
    const pages = new PagePolicy(originsOf([...config.webRedirectUris, ...config.webPostLogoutRedirectUris]));
    const holder = new ProviderHolder(
      config,
      accounts,
      signingKeys,
      await loadClients(pool, config.schema, {
        redirectUris: config.webRedirectUris,
        postLogoutRedirectUris: config.webPostLogoutRedirectUris,
      }),
      await signingKeys.cookieKeys(),
      postgresAdapter(pool, config.schema),
      pages,
    );
    await holder.load();
    // the admin API trusts tokens from this very provider: the keys are read in-process, so a rotation applies at once
    const verifier = new TokenVerifier(
      {
        issuer: config.issuer,
        audience: config.audience,
        claims: { roles: 'roles', area: 'area', assignedCases: 'assigned_cases' },
        clockToleranceSeconds: 5,
        algorithms: ['ES256'],
        jwksCooldownSeconds: 0,
      },
      (header, token) => createLocalJWKSet({ keys: holder.publicKeys })(header, token),
    );

    @Module({
      controllers: [
        HealthController,
        InteractionController,
        AdminController,
        SignOutEverywhereController,
        InterventionProvidersController,
      ],
      providers: [
        { provide: pg.Pool, useValue: pool },
        { provide: AccountStore, useValue: accounts },
        { provide: ProviderHolder, useValue: holder },
        { provide: PagePolicy, useValue: pages },
        { provide: OidcStorage, useValue: new OidcStorage(pool, config.schema) },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    })
    class IdentityFeatures {}

    @Module({})
    class IdentityModule {
      static create(): DynamicModule {
        return {
          module: IdentityModule,
          imports: [AuthModule.forRoot({ verifier }), MetricsModule.forRoot({ name: 'identity' }), IdentityFeatures],
        };
      }
    }

    const app = await NestFactory.create<NestExpressApplication>(IdentityModule.create(), {
      bodyParser: false,
      logger: options.logger ?? ['error', 'warn'],
    });
    app.use(holder.middleware());
    serveGovukFrontend(app);
    app.useBodyParser('json', { limit: '64kb' });
    app.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
    app.useGlobalPipes(
      new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, errorHttpStatusCode: 422 }),
    );
    const openApi = describeApi(app, config);
    SwaggerModule.setup('api/docs', app, openApi, { jsonDocumentUrl: 'api/docs-json' });
    await app.listen(config.port, config.host);
    return {
      url: await app.getUrl(),
      pool,
      accounts,
      demoUsers,
      routes: listRoutes(app),
      openApi,
      async close() {
        await app.close();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

/** GOV.UK Frontend's stylesheet, fonts and images for the sign-in and sign-out pages, public like them. */
function serveGovukFrontend(app: NestExpressApplication): void {
  const files = govukFrontendFiles();
  const options = { maxAge: '1h', setHeaders: (res: Response) => res.setHeader('x-content-type-options', 'nosniff') };
  const express = app.getHttpAdapter().getInstance() as {
    get(path: string, handler: (req: unknown, res: Response) => void): void;
  };
  express.get(STYLESHEET_PATH, (_req, res) => res.sendFile(files.stylesheet, options));
  app.useStaticAssets(files.assets, { prefix: '/assets', index: false, ...options });
}

/** The OpenAPI description of the API, served (public, like the discovery document) at `/api/docs`. */
function describeApi(app: NestExpressApplication, config: IdentityConfig): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Prevent identity provider: admin, account and directory API')
    .setDescription(
      `Users and signing keys of the embedded OpenID provider (${config.issuer}), for administrators; ` +
        `signing out everywhere, for every user; the directory of intervention providers, for those who ` +
        `manage cases. Every call needs an access token (audience ${config.audience}); errors are RFC 9457 ` +
        `problem details.`,
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, document);
}
