import { describe, expect, it } from '@jest/globals';
import { Configuration, ConfigurationError, loadConfig, setting } from './config-schema.js';
import { EMBEDDED_DATABASE_URL, PlatformConfig } from './platform.config.js';

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.map((p) => `${p.variable} ${p.problem}`);
    throw error;
  }
  return [];
}

describe('a configuration schema', () => {
  const schema = {
    port: setting.port('APP_PORT').or('PORT').default(3000),
    workers: setting.int('WORKERS', { min: 1, max: 8 }).default(2),
    url: setting.url('UPSTREAM_URL', ['https:']),
    mode: setting.oneOf('MODE', ['fast', 'safe']).default('safe'),
    verbose: setting.boolean('VERBOSE').default(false),
    label: setting.string('LABEL').optional(),
  };

  it('reads, converts and types every setting', () => {
    const values = loadConfig(schema, {
      APP_PORT: '8080',
      WORKERS: '4',
      UPSTREAM_URL: 'https://example.org/api',
      MODE: 'fast',
      VERBOSE: 'yes',
      LABEL: 'x',
    });
    expect(values).toEqual({
      port: 8080,
      workers: 4,
      url: 'https://example.org/api',
      mode: 'fast',
      verbose: true,
      label: 'x',
    });
  });

  it('falls back to the next variable, then to the default; an empty value counts as unset', () => {
    expect(loadConfig(schema, { PORT: '9000', UPSTREAM_URL: 'https://a.b' }).port).toBe(9000);
    expect(loadConfig(schema, { APP_PORT: ' ', UPSTREAM_URL: 'https://a.b' })).toMatchObject({
      port: 3000,
      workers: 2,
      mode: 'safe',
      verbose: false,
      label: undefined,
    });
  });

  it('names every missing or malformed variable in one message', () => {
    expect(
      problemsOf(() =>
        loadConfig(schema, {
          APP_PORT: 'abc',
          WORKERS: '9',
          MODE: 'quick',
          VERBOSE: 'maybe',
          UPSTREAM_URL: 'http://a',
        }),
      ),
    ).toEqual([
      'APP_PORT must be a port number (got "abc")',
      'WORKERS must be an integer between 1 and 8 (got "9")',
      'UPSTREAM_URL must be a https:// URL (got "http://a")',
      'MODE must be one of fast, safe (got "quick")',
      'VERBOSE must be true or false (got "maybe")',
    ]);
    expect(() => loadConfig(schema, {})).toThrow('Invalid configuration: UPSTREAM_URL is required');
  });

  it('refuses ports out of range and non-integers', () => {
    const port = { port: setting.port('P') };
    expect(problemsOf(() => loadConfig(port, { P: '65536' }))).toEqual(['P must be a port number (got "65536")']);
    expect(problemsOf(() => loadConfig(port, { P: '80.5' }))).toEqual(['P must be a port number (got "80.5")']);
    expect(loadConfig(port, { P: '0' }).port).toBe(0);
  });

  it('makes a class that is both the token and the type of its values', () => {
    class ExampleConfig extends Configuration('example', { port: setting.port('EXAMPLE_PORT').default(1) }) {}
    const config = ExampleConfig.load({ EXAMPLE_PORT: '42' });
    expect(config).toBeInstanceOf(ExampleConfig);
    expect(config.port).toBe(42);
    expect(Object.isFrozen(config)).toBe(true);
    expect(ExampleConfig.namespace).toBe('example');
  });
});

describe('the platform configuration', () => {
  it('defaults to the embedded database and the PostgreSQL event store', () => {
    expect({ ...PlatformConfig.load({}) }).toEqual({
      host: '127.0.0.1',
      databaseUrl: EMBEDDED_DATABASE_URL,
      eventStore: 'postgres',
      kurrentDbUrl: undefined,
      logLevel: 'log',
      readinessTimeoutMs: 1500,
    });
  });

  it('requires KURRENTDB_URL only when the event store is KurrentDB', () => {
    expect(() => PlatformConfig.load({ EVENT_STORE: 'kurrentdb' })).toThrow(
      'Invalid configuration: KURRENTDB_URL is required when EVENT_STORE=kurrentdb',
    );
    const config = PlatformConfig.load({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'esdb://localhost:2113?tls=false' });
    expect(config.kurrentDbUrl).toBe('esdb://localhost:2113?tls=false');
  });

  it('refuses a database URL that is not PostgreSQL and an unknown event store', () => {
    expect(problemsOf(() => PlatformConfig.load({ DATABASE_URL: 'mysql://x', EVENT_STORE: 'kafka' }))).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://x")',
      'EVENT_STORE must be one of postgres, kurrentdb (got "kafka")',
    ]);
  });
});
