import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthModule, listRoutes, TokenVerifier, type RouteAccess } from '@lib/auth';
import { createLocalJWKSet } from 'jose';
import pg from 'pg';
import { AccountStore } from './accounts/account.store.js';
import { seedDemoUsers, type DemoUser } from './accounts/demo-users.js';
import { AdminController } from './admin/admin.controller.js';
import type { IdentityConfig } from './config/identity.config.js';
import { HealthController } from './health/health.controller.js';
import { loadClients } from './oidc/clients.js';
import { InteractionController } from './oidc/interaction.controller.js';
import { ProviderHolder } from './oidc/provider-holder.js';
import { SigningKeys } from './oidc/signing-keys.js';

export interface RunningIdentity {
  readonly url: string;
  readonly pool: pg.Pool;
  readonly accounts: AccountStore;
  readonly demoUsers: readonly DemoUser[];
  /** Every controller route with its access rule (for the route-by-role walk). */
  readonly routes: readonly RouteAccess[];
  close(): Promise<void>;
}

/**
 * Boots the identity provider: migrates its schema, seeds the demo users on first start, loads
 * the signing keys and the clients, and serves oidc-provider's endpoints next to the sign-in
 * pages, the admin API and the health checks (all behind libs/auth's deny-by-default guard).
 */
export async function startIdentity(config: IdentityConfig): Promise<RunningIdentity> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
  try {
    const accounts = new AccountStore(pool, config.schema, config.lockout);
    const signingKeys = new SigningKeys(pool, config.schema, config.keyOverlapSeconds);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${config.schema}`);
    await accounts.migrate();
    await signingKeys.migrate();
    const demoUsers = config.seedDemoUsers ? await seedDemoUsers(accounts) : [];
    const holder = new ProviderHolder(
      config,
      accounts,
      signingKeys,
      await loadClients(pool, config.schema, config.webRedirectUris),
      await signingKeys.cookieKeys(),
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
      controllers: [HealthController, InteractionController, AdminController],
      providers: [
        { provide: pg.Pool, useValue: pool },
        { provide: AccountStore, useValue: accounts },
        { provide: ProviderHolder, useValue: holder },
      ],
    })
    class IdentityFeatures {}

    @Module({})
    class IdentityModule {
      static create(): DynamicModule {
        return { module: IdentityModule, imports: [AuthModule.forRoot({ verifier }), IdentityFeatures] };
      }
    }

    const app = await NestFactory.create<NestExpressApplication>(IdentityModule.create(), {
      bodyParser: false,
      logger: ['error', 'warn'],
    });
    app.use(holder.middleware());
    app.useBodyParser('json', { limit: '64kb' });
    app.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
    await app.listen(config.port, config.host);
    return {
      url: await app.getUrl(),
      pool,
      accounts,
      demoUsers,
      routes: listRoutes(app),
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
