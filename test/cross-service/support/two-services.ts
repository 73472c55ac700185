import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock } from '@lib/event-store';
import { ENVIRONMENT, JsonLogger, setUpOpenApi, type Environment } from '@lib/platform';
import {
  createTestDatabase,
  startTestApp,
  startTestIssuer,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import { AppModule as ChannelPanelModule } from '../../../apps/channel-panel/src/app.module.js';
import { SERVICE_NAME as CHANNEL_PANEL } from '../../../apps/channel-panel/src/config/channel-panel.config.js';
import { AppModule as ReferralIntakeModule } from '../../../apps/referral-intake/src/app.module.js';
import { SERVICE_NAME as REFERRAL_INTAKE } from '../../../apps/referral-intake/src/config/referral-intake.config.js';

export const AUDIENCE = 'urn:prevent:test';
/** Birmingham and the West Midlands: the person's local authority and its panel. */
export const AREA = 'E08000025';
export const REGION = 'E12000005';

/**
 * The intake and the panel booted in one test, as `npm start` runs them: one PostgreSQL database
 * (each service in its own schema, the log transport's `messaging` schema and the key store's
 * `personal_data` shared), one key-encryption key (the services open the same subject keys), one
 * identity provider. Each app runs its relay and consumers over the embedded transport.
 */
export interface TwoServices {
  readonly db: TestDatabase;
  readonly issuer: TestIssuer;
  readonly intake: RunningTestApp;
  readonly panel: RunningTestApp;
  close(): Promise<void>;
}

/**
 * Boots `module` as startTestApp does, with its Clock replaced by `clock` (every provider of the
 * token, as the panel's read-model tests do): the test moves the panel's days on to when a review
 * falls due. Authentication, the relays and the consumers keep real time.
 */
async function startWithClock(module: Type<unknown>, name: string, env: Environment, clock: Clock) {
  const moduleRef = await Test.createTestingModule({ imports: [module] })
    .overrideProvider(ENVIRONMENT)
    .useValue(env)
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const logLines: string[] = [];
  const logger = new JsonLogger({ app: name, level: 'log', write: (line) => logLines.push(line) });
  const app = moduleRef.createNestApplication({ logger, forceCloseConnections: true });
  setUpOpenApi(app, { name });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, logLines, close: () => app.close() } satisfies RunningTestApp;
}

export async function startTwoServices(
  prefix = 'xsvc',
  options: { readonly panelClock?: Clock } = {},
): Promise<TwoServices> {
  const db = await createTestDatabase(prefix);
  const issuer = await startTestIssuer({ audience: AUDIENCE });
  const env: Environment = {
    DATABASE_URL: db.url,
    OIDC_ISSUER: issuer.issuer,
    OIDC_AUDIENCE: AUDIENCE,
    PERSONAL_DATA_KEK: randomBytes(32).toString('base64'),
  };
  const started: RunningTestApp[] = [];
  try {
    // one after the other: each installs the shared log and key store at boot (idempotent, but
    // two installers racing on one schema is not what a deployment does either)
    const intake = await startTestApp(ReferralIntakeModule, REFERRAL_INTAKE, env);
    started.push(intake);
    const panel = options.panelClock
      ? await startWithClock(ChannelPanelModule, CHANNEL_PANEL, env, options.panelClock)
      : await startTestApp(ChannelPanelModule, CHANNEL_PANEL, env);
    started.push(panel);
    return {
      db,
      issuer,
      intake,
      panel,
      async close() {
        // the panel first: its consumers stop before the intake's relay
        for (const app of started.reverse()) await app.close();
        await issuer.close();
        await db.drop();
      },
    };
  } catch (error) {
    for (const app of started.reverse()) await app.close().catch(() => undefined);
    await issuer.close();
    await db.drop();
    throw error;
  }
}

/**
 * Polls `probe` until `accept` holds, then returns the value; past the deadline it returns the last
 * value, for the test's own assertion to report. The relays and consumers run asynchronously, and a
 * global log's horizon is cluster-wide (ADR 003): a test waits for what it caused, never for "idle".
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}
