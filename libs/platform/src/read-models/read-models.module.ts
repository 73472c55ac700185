import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type ModuleMetadata,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
  type Type,
} from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { EventStore } from '@lib/event-store';
import pg from 'pg';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { PlatformConfig } from '../config/platform.config.js';
import { quoteIdentifier, withTimeout } from '../database/sql.js';
import { ServiceIdentity } from '../service-identity.js';
import { PROJECTIONS, type Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';
import { ProjectionCheckpointRow } from './read-model-checkpoint.entity.js';
import { installReadModelSchema, readModelRole, readModelSchema } from './read-model-schema.js';
import { ReadModelsAdminController } from './read-models-admin.controller.js';

export interface ReadModelsModuleOptions {
  /** The TypeORM entities of every read model of the service. */
  readonly entities: readonly EntityTarget<ObjectLiteral>[];
  /** The projections (Nest providers implementing {@link Projection}) that keep them. */
  readonly projections: readonly Type<Projection>[];
  /** Modules the projections need providers from (global providers need nothing). */
  readonly imports?: ModuleMetadata['imports'];
}

const RETRY_EVERY_MS = 2000;

/**
 * Installs the read-model schema, opens the TypeORM data source on it (as the schema's own role),
 * creates or updates its tables (`synchronize`, under an advisory lock, ADR 040) and starts the
 * projection runner. Like the platform's schema installer, it never stops the app from booting:
 * while the database is out of reach it retries in the background.
 */
@Injectable()
export class ReadModelsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReadModels');
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastError = '';
  private ready = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly service: ServiceIdentity,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Whether the tables exist and the runner has been started. */
  get isReady(): boolean {
    return this.ready;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.attempt();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.runner.stop();
  }

  private async attempt(): Promise<void> {
    const schema = readModelSchema(this.service.schema);
    try {
      const owner = new pg.Client({
        connectionString: this.config.databaseUrl,
        connectionTimeoutMillis: this.config.readinessTimeoutMs,
        application_name: `${this.service.name}-read-models-installer`,
      });
      owner.on('error', () => undefined);
      try {
        await withTimeout(owner.connect(), this.config.readinessTimeoutMs * 2, 'connecting to the database');
        await installReadModelSchema(owner, schema);
      } finally {
        await owner.end().catch(() => undefined);
      }
      if (!this.dataSource.isInitialized) await this.dataSource.initialize();
      const lock = this.dataSource.createQueryRunner();
      await lock.connect();
      try {
        await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`read-models-sync:${schema}`]);
        await this.dataSource.synchronize();
      } finally {
        await lock
          .query('SELECT pg_advisory_unlock(hashtext($1))', [`read-models-sync:${schema}`])
          .catch(() => undefined);
        await lock.release();
      }
      if (this.stopped) return;
      await this.runner.start();
      this.ready = true;
      this.logger.log(`read models in schema ${schema} are up; projections running`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) {
        this.logger.warn(`read models not started yet (${message}); retrying every ${RETRY_EVERY_MS} ms`);
      }
      this.lastError = message;
      if (!this.stopped) this.retry = setTimeout(() => void this.attempt(), RETRY_EVERY_MS).unref();
    }
  }
}

/**
 * The service's read models: TypeORM on the service's `DATABASE_URL`, in the schema
 * `<service schema>_read`, on connections that `SET ROLE` to that schema's own role (which can
 * write that schema and nothing else); a {@link ProjectionRunner} fed by the event store; and
 * `POST /admin/read-models/rebuild` (administrators) to empty the tables and replay the log.
 */
@Module({})
export class ReadModelsModule {
  static forRoot(options: ReadModelsModuleOptions): DynamicModule {
    const runnerProvider: Provider = {
      provide: ProjectionRunner,
      inject: [EventStore, getDataSourceToken(), PROJECTIONS],
      useFactory: (eventStore: EventStore, dataSource: DataSource, projections: Projection[]) => {
        const logger = new Logger('ProjectionRunner');
        return new ProjectionRunner(eventStore, dataSource, {
          projections,
          log: { error: (message) => logger.error(message), log: (message) => logger.log(message) },
        });
      },
    };
    return {
      module: ReadModelsModule,
      imports: [
        ...(options.imports ?? []),
        TypeOrmModule.forRootAsync({
          inject: [PlatformConfig, ServiceIdentity],
          useFactory: (config: PlatformConfig, service: ServiceIdentity) => {
            const schema = readModelSchema(service.schema);
            const role = readModelRole(schema);
            return {
              type: 'postgres' as const,
              url: config.databaseUrl,
              schema,
              entities: [...options.entities, ProjectionCheckpointRow] as never,
              synchronize: false,
              manualInitialization: true,
              applicationName: `${service.name}-read-models`,
              connectTimeoutMS: config.readinessTimeoutMs,
              extra: {
                max: 5,
                idleTimeoutMillis: 30_000,
                onConnect: async (client: pg.ClientBase) => {
                  await client.query(`SET ROLE ${quoteIdentifier(role)}`);
                },
              },
            };
          },
        }),
      ],
      controllers: [ReadModelsAdminController],
      providers: [
        ...options.projections,
        {
          provide: PROJECTIONS,
          inject: [...options.projections],
          useFactory: (...projections: Projection[]) => projections,
        },
        runnerProvider,
        ReadModelsLifecycle,
      ],
      exports: [ProjectionRunner, ReadModelsLifecycle],
    };
  }
}
