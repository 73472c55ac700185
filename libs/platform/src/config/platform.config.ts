import { Configuration, setting } from './config-schema.js';

/** The embedded runtime's database (`npm start`). */
export const EMBEDDED_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54320/prevent';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Settings every service shares. */
export class PlatformConfig extends Configuration(
  'platform',
  {
    host: setting.string('HOST').default('127.0.0.1'),
    databaseUrl: setting.url('DATABASE_URL', ['postgres:', 'postgresql:']).default(EMBEDDED_DATABASE_URL),
    eventStore: setting.oneOf('EVENT_STORE', ['postgres', 'kurrentdb']).default('postgres'),
    kurrentDbUrl: setting
      .url('KURRENTDB_URL', ['kurrentdb:', 'kurrentdb+discover:', 'kdb:', 'kdb+discover:', 'esdb:', 'esdb+discover:'])
      .optional(),
    logLevel: setting.oneOf('LOG_LEVEL', LOG_LEVELS).default('log'),
    /** How long a readiness check may wait for the database or the event store. */
    readinessTimeoutMs: setting.int('READINESS_TIMEOUT_MS', { min: 50, max: 60_000 }).default(1500),
  },
  (values) =>
    values.eventStore === 'kurrentdb' && !values.kurrentDbUrl
      ? { variable: 'KURRENTDB_URL', problem: 'is required when EVENT_STORE=kurrentdb' }
      : undefined,
) {}
