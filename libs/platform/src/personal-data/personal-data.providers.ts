import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { eventStoreAppRole } from '@lib/event-store';
import { installPostgresKeyStore, KeyStore, PersonalDataCipher, PostgresKeyStore } from '@lib/personal-data';
import pg from 'pg';
import { PlatformConfig } from '../config/platform.config.js';
import { SchemaInstaller } from '../database/schema-installer.js';
import { quoteIdentifier } from '../database/sql.js';
import { ServiceIdentity } from '../service-identity.js';
import { resolveKeyEncryptionKey } from './key-encryption-key.js';
import { PERSONAL_DATA_SCHEMA, PersonalDataConfig } from './personal-data.config.js';

/**
 * Installs the shared key store (`personal_data.subject_keys`) as the database owner at boot, and
 * grants the service's application role exactly what the key store needs: read keys, add keys,
 * and mark a key destroyed (UPDATE). Never DELETE, and nothing else in the schema.
 */
@Injectable()
export class PersonalDataInstaller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PersonalDataInstaller.name);
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastError = '';
  installed = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly service: ServiceIdentity,
    private readonly schemas: SchemaInstaller,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // the application role is made by the event store's installation, which runs beside this one
    for (const deadline = Date.now() + 5000; !this.ready() && Date.now() < deadline;) {
      await new Promise((done) => setTimeout(done, 25));
    }
    await this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private ready(): boolean {
    return this.config.eventStore !== 'postgres' || this.schemas.eventStore.installed;
  }

  private async attempt(): Promise<void> {
    const owner = new pg.Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: this.config.readinessTimeoutMs,
      application_name: `${this.service.name}-key-store-installer`,
    });
    owner.on('error', () => undefined);
    try {
      if (!this.ready()) throw new Error('the event store (and its application role) is not installed yet');
      await owner.connect();
      await installPostgresKeyStore(owner, PERSONAL_DATA_SCHEMA);
      if (this.config.eventStore === 'postgres')
        await grantKeyStoreAccess(owner, eventStoreAppRole(this.service.schema));
      this.installed = true;
      this.logger.log(`key store ready in schema ${PERSONAL_DATA_SCHEMA}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) this.logger.warn(`key store not installed yet (${message}); retrying`);
      this.lastError = message;
      if (!this.stopped) this.retry = setTimeout(() => void this.attempt(), 1000).unref();
    } finally {
      await owner.end().catch(() => undefined);
    }
  }
}

/** What one service's application role may do in the shared key store. */
export async function grantKeyStoreAccess(owner: pg.ClientBase, role: string): Promise<void> {
  const schema = quoteIdentifier(PERSONAL_DATA_SCHEMA);
  const grantee = quoteIdentifier(role);
  await owner.query('BEGIN');
  try {
    await owner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`grants:${PERSONAL_DATA_SCHEMA}`]);
    await owner.query(`GRANT USAGE ON SCHEMA ${schema} TO ${grantee}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE ON ${schema}.subject_keys TO ${grantee}`);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export const keyStoreProvider: Provider = {
  provide: KeyStore,
  inject: [PersonalDataConfig, pg.Pool],
  useFactory: async (config: PersonalDataConfig, pool: pg.Pool): Promise<KeyStore> =>
    new PostgresKeyStore({
      pool,
      schema: PERSONAL_DATA_SCHEMA,
      keyEncryptionKey: await resolveKeyEncryptionKey(config.keyEncryptionKey, config.dataDir),
    }),
};

export const cipherProvider: Provider = {
  provide: PersonalDataCipher,
  inject: [KeyStore],
  useFactory: (keys: KeyStore) => new PersonalDataCipher(keys),
};

/** The providers a service holding personal data gets from `PlatformModule.forRoot({ personalData: true })`. */
export const personalDataProviders: Provider[] = [PersonalDataInstaller, keyStoreProvider, cipherProvider];
