import { describe, expect, it } from '@jest/globals';
import {
  type ComposeService,
  EMBEDDED_ONLY_APPS,
  composeEnvironment,
  configFilesOf,
  configurationClasses,
  configurationProblems,
  distributedApps,
  holdsPersonalData,
  interpolate,
  interpolations,
  rawEnvironment,
  read,
  readCompose,
  readEnvExample,
  requiredVariables,
} from './support/deployment.js';

/**
 * docker-compose.yml against the apps' own configuration schemas (found when the test runs, so a
 * new setting or a new app is covered without touching this file), and the rules of the
 * deployment: health checks, conditions, named volumes, no secret in the file.
 */
const compose = readCompose();
const services = Object.entries(compose.services);
const variables = readEnvExample();

/** Variables whose values are secrets: never written in the file, always `${NAME:?...}` from .env. */
const SECRET_NAME = /SECRET|PASSWORD|KEY|KEK|TOKEN/;
/** The same, by whole words of the name (KEYCLOAK_PUBLIC_URL is an address, not a key). */
const SECRET_WORD = /(^|_)(SECRET|PASSWORD|KEY|KEK|TOKEN)($|_)/;

/** Every string of the parsed compose file (comments are not values, and are not interpolated). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/**
 * Settings a schema may leave unset in the embedded mode (the app then makes the value on first
 * start under PREVENT_DATA_DIR) but a container must be given: a value made inside a container is
 * lost with it, and every replica would make its own.
 */
function distributedRequirements(app: string): string[] {
  return [
    'HOST', // the apps listen on 127.0.0.1 unless told otherwise
    ...(holdsPersonalData(app) ? ['PERSONAL_DATA_KEK'] : []),
    ...(app === 'web' ? ['WEB_SESSION_SECRET'] : []),
  ];
}

/** One-shot jobs: exempt from a health check when they never restart and everyone waits for them to exit 0. */
function isOneShotJob(name: string, service: ComposeService): boolean {
  const dependents = services.filter(([, other]) => dependencies(other).some(([dependency]) => dependency === name));
  return (
    service.restart === 'no' &&
    dependents.length > 0 &&
    dependents.every(([, other]) =>
      dependencies(other).every(
        ([dependency, condition]) => dependency !== name || condition === 'service_completed_successfully',
      ),
    )
  );
}

function dependencies(service: ComposeService): [string, string | undefined][] {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return (dependsOn as string[]).map((name) => [name, undefined]);
  return Object.entries(dependsOn as Record<string, { condition?: string }>).map(([name, dependency]) => [
    name,
    dependency?.condition,
  ]);
}

describe('docker-compose.yml', () => {
  it('runs every app of apps/ but the embedded identity provider, which Keycloak replaces', () => {
    const apps = distributedApps();
    expect(apps.length).toBeGreaterThanOrEqual(3);
    for (const app of apps)
      expect({ app, service: compose.services[app] !== undefined }).toEqual({ app, service: true });
    for (const app of EMBEDDED_ONLY_APPS) expect(compose.services[app]).toBeUndefined();
    expect(compose.services.keycloak?.image).toMatch(/keycloak/);
  });

  it('runs every app from the one image built by deploy/Dockerfile, chosen by the command', () => {
    const images = new Set(distributedApps().map((app) => compose.services[app].image));
    expect(images.size).toBe(1);
    for (const app of distributedApps()) {
      expect(compose.services[app].build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile' });
      expect(compose.services[app].command).toEqual([app]);
    }
  });

  it.each(distributedApps())(
    'gives %s every variable its configuration schemas require, and values they accept',
    async (app) => {
      const files = configFilesOf(app);
      expect(files.length).toBeGreaterThan(0);
      const configs = await configurationClasses(files);
      const raw = rawEnvironment(compose.services[app]);
      const missing = [...requiredVariables(configs), ...distributedRequirements(app).map((name) => [name])].filter(
        (alternatives) => !alternatives.some((name) => (raw[name] ?? '') !== ''),
      );
      expect({ app, missing }).toEqual({ app, missing: [] });
      // and with .env.example's values, the app would start: no variable missing or malformed,
      // including the rules across settings (KURRENTDB_URL with EVENT_STORE=kurrentdb, ...)
      const env = composeEnvironment(compose.services[app], variables);
      expect({ app, problems: configurationProblems(configs, env) }).toEqual({ app, problems: [] });
      expect(env.HOST).toBe('0.0.0.0');
    },
  );

  it('gives the services the distributed adapters and Keycloak’s issuer', () => {
    for (const app of distributedApps().filter((name) => name !== 'web')) {
      const env = composeEnvironment(compose.services[app], variables);
      expect({ app, EVENT_STORE: env.EVENT_STORE, EVENT_TRANSPORT: env.EVENT_TRANSPORT }).toEqual({
        app,
        EVENT_STORE: 'kurrentdb',
        EVENT_TRANSPORT: 'kafka',
      });
      expect(env.KAFKA_BROKERS).toBe('kafka:9092');
      expect(env.KURRENTDB_URL).toMatch(/^esdb:\/\/kurrentdb:2113/);
    }
    for (const app of distributedApps()) {
      const env = composeEnvironment(compose.services[app], variables);
      expect(env.OIDC_ISSUER).toBe(`${variables.get('KEYCLOAK_PUBLIC_URL')}/realms/prevent`);
      expect(env.OIDC_ROLE_CLAIM).toBe('realm_access.roles');
      expect(new URL(env.DATABASE_URL).hostname).toBe('postgres');
    }
  });

  it('gives every container a health check, but one-shot jobs everyone waits on to exit 0', () => {
    const exempt: string[] = [];
    for (const [name, service] of services) {
      if (isOneShotJob(name, service)) {
        exempt.push(name);
        continue;
      }
      const test = service.healthcheck?.test;
      expect({ name, healthcheck: Array.isArray(test) ? test[0] : typeof test }).toEqual({
        name,
        healthcheck: expect.stringMatching(/^CMD(-SHELL)?$/),
      });
      expect({ name, disabled: service.healthcheck?.disable ?? false }).toEqual({ name, disabled: false });
    }
    expect(exempt.sort()).toEqual(['kafka-init', 'postgres-init']);
  });

  it('makes every dependency wait for a condition', () => {
    for (const [name, service] of services) {
      expect({ name, list: Array.isArray(service.depends_on) }).toEqual({ name, list: false });
      for (const [dependency, condition] of dependencies(service)) {
        expect({ name, dependency, condition }).toEqual({
          name,
          dependency,
          condition: expect.stringMatching(/^service_(healthy|completed_successfully)$/),
        });
        expect(compose.services[dependency]).toBeDefined();
      }
    }
    // the apps wait for the topics and the databases to be made
    for (const app of distributedApps()) {
      const on = Object.fromEntries(dependencies(compose.services[app]));
      expect(on['postgres-init']).toBe('service_completed_successfully');
      if (app !== 'web') expect(on['kafka-init']).toBe('service_completed_successfully');
    }
  });

  it('keeps data in named volumes only; the only bind mounts are read-only files of deploy/', () => {
    const named = Object.keys(compose.volumes ?? {});
    for (const [name, service] of services) {
      for (const volume of service.volumes ?? []) {
        expect(typeof volume).toBe('string');
        const [source, target, mode] = String(volume).split(':');
        if (source.startsWith('.') || source.startsWith('/')) {
          expect({ name, source, mode }).toEqual({ name, source: expect.stringMatching(/^\.\/deploy\//), mode: 'ro' });
        } else {
          expect({ name, source, declared: named.includes(source) }).toEqual({ name, source, declared: true });
          expect(target).toMatch(/^\//);
        }
      }
    }
    expect(named.sort()).toEqual(['kafka-data', 'kurrentdb-data', 'postgres-data']);
  });

  it('publishes ports on the loopback interface only', () => {
    for (const [name, service] of services) {
      for (const port of service.ports ?? [])
        expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
    }
  });

  it('writes no secret: every secret-named variable is a required ${VAR:?...} from .env, and so is every password in a URL', () => {
    for (const [name, service] of services) {
      for (const [variable, value] of Object.entries(rawEnvironment(service))) {
        if (SECRET_NAME.test(variable)) {
          expect({ name, variable, value }).toEqual({
            name,
            variable,
            value: expect.stringMatching(/^\$\{[A-Z0-9_]+:\?[^}]+\}$/),
          });
        }
        const userinfo = /^[a-z+]+:\/\/([^/@]*)@/.exec(value);
        if (userinfo && userinfo[1].includes(':')) {
          const password = userinfo[1].slice(userinfo[1].indexOf(':') + 1);
          expect({ name, variable, password }).toEqual({
            name,
            variable,
            password: expect.stringMatching(/^\$\{[A-Z0-9_]+:\?[^}]+\}$/),
          });
        }
      }
    }
  });

  it('uses only variables that .env.example lists, and .env.example lists no other', () => {
    const used = new Set(strings(compose).flatMap((value) => interpolations(value).map((part) => part.name)));
    const listed = new Set(variables.keys());
    expect([...used].filter((name) => !listed.has(name)).sort()).toEqual([]);
    // COMPOSE_PROJECT_NAME is read by compose itself
    expect([...listed].filter((name) => !used.has(name) && name !== 'COMPOSE_PROJECT_NAME').sort()).toEqual([]);
  });

  it('gives .env.example a comment for every variable, and placeholders only for the secrets', () => {
    const lines = read('.env.example').split('\n');
    lines.forEach((line, index) => {
      if (!/^[A-Z_][A-Z0-9_]*=/.test(line)) return;
      let above = index - 1;
      while (above >= 0 && /^[A-Z_][A-Z0-9_]*=/.test(lines[above])) above -= 1;
      expect({ line, commented: above >= 0 && lines[above].startsWith('#') }).toEqual({ line, commented: true });
    });
    for (const [name, value] of variables) {
      if (SECRET_WORD.test(name) && name !== 'PERSONAL_DATA_KEK')
        expect({ name, value }).toEqual({ name, value: expect.stringMatching(/change-me/) });
    }
    // the KEK placeholder is 32 zero bytes: valid for the schema, worthless as a key
    expect(Buffer.from(variables.get('PERSONAL_DATA_KEK') ?? '', 'base64').equals(Buffer.alloc(32))).toBe(true);
  });

  it('imports the realm whose web client allows the web app’s callback and signed-out pages', () => {
    expect(compose.services.keycloak.volumes).toContain(
      './deploy/keycloak/realm-prevent.json:/opt/keycloak/data/import/realm-prevent.json:ro',
    );
    expect(compose.services.keycloak.command).toEqual(['start', '--import-realm']);
    const realm = JSON.parse(read('deploy/keycloak/realm-prevent.json')) as {
      realm: string;
      clients: {
        clientId: string;
        publicClient: boolean;
        redirectUris: string[];
        attributes: Record<string, string>;
      }[];
    };
    expect(composeEnvironment(compose.services.web, variables).OIDC_ISSUER).toMatch(
      new RegExp(`/realms/${realm.realm}$`),
    );
    const web = realm.clients.find((client) => client.clientId === 'web')!;
    const publicUrl = variables.get('WEB_PUBLIC_URL');
    expect(web.publicClient).toBe(true);
    expect(web.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(web.redirectUris).toContain(`${publicUrl}/auth/callback`);
    expect(web.attributes['post.logout.redirect.uris'].split('##')).toContain(`${publicUrl}/signed-out`);
  });

  it('stops compose, naming the variable, when a secret is missing', () => {
    const withoutPassword = new Map(variables);
    withoutPassword.delete('POSTGRES_PASSWORD');
    const raw = rawEnvironment(compose.services.postgres).POSTGRES_PASSWORD;
    expect(() => interpolate(raw, withoutPassword)).toThrow(/POSTGRES_PASSWORD/);
  });
});
