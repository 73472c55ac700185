import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** What test/deploy reads: the compose file, .env.example, deploy/, and the apps' configuration schemas. */
export const root = resolve(import.meta.dirname, '../../..');

export const read = (path: string): string => readFileSync(join(root, path), 'utf8');

// --- docker-compose.yml ------------------------------------------------------------------------

export interface ComposeDependency {
  readonly condition?: string;
}

export interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: string | readonly string[];
  readonly entrypoint?: string | readonly string[];
  readonly environment?: Readonly<Record<string, string | number | boolean | null>> | readonly string[];
  readonly healthcheck?: { readonly test?: string | readonly string[]; readonly disable?: boolean };
  readonly depends_on?: readonly string[] | Readonly<Record<string, ComposeDependency>>;
  readonly volumes?: readonly (
    string | { readonly type?: string; readonly source?: string; readonly target?: string }
  )[];
  readonly ports?: readonly (string | Record<string, unknown>)[];
  readonly restart?: string;
}

export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

export const COMPOSE_FILE = 'docker-compose.yml';

/** The compose file as compose reads it (YAML 1.1 merge keys, `<<: *anchor`, resolved). */
export function readCompose(): ComposeFile {
  return parse(read(COMPOSE_FILE), { merge: true }) as ComposeFile;
}

/** A service's `environment`, in either of compose's forms, as raw (not interpolated) strings. */
export function rawEnvironment(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      (environment as readonly string[]).map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(environment as Record<string, unknown>).map(([name, value]) => [
      name,
      value == null ? '' : String(value),
    ]),
  );
}

/** `.env.example`: `NAME=value` lines; comments and blank lines skipped. */
export function readEnvExample(): Map<string, string> {
  const variables = new Map<string, string>();
  for (const line of read('.env.example').split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) variables.set(match[1], match[2]);
  }
  return variables;
}

export interface Interpolation {
  readonly name: string;
  /** `:-`, `-`, `:?`, `?`, `:+`, `+`, or '' for a bare `${NAME}` / `$NAME`. */
  readonly operator: string;
  readonly argument: string;
}

/**
 * Compose's interpolation of one value: `$$` is a literal `$`; `${NAME}`, `$NAME`, `${NAME:-default}`,
 * `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`, `${NAME:+other}`, `${NAME+other}`. A
 * required variable that is missing throws with compose's message.
 */
export function interpolate(value: string, variables: ReadonlyMap<string, string>): string {
  return scan(value, (part) => {
    const set = variables.has(part.name);
    const current = variables.get(part.name) ?? '';
    switch (part.operator) {
      case ':-':
        return current === '' ? part.argument : current;
      case '-':
        return set ? current : part.argument;
      case ':?':
        if (current === '') throw new Error(`${part.name}: ${part.argument}`);
        return current;
      case '?':
        if (!set) throw new Error(`${part.name}: ${part.argument}`);
        return current;
      case ':+':
        return current === '' ? '' : part.argument;
      case '+':
        return set ? part.argument : '';
      default:
        return current;
    }
  });
}

/** Every interpolation in a text (the `$$` escapes skipped). */
export function interpolations(text: string): Interpolation[] {
  const found: Interpolation[] = [];
  scan(text, (part) => {
    found.push(part);
    return '';
  });
  return found;
}

function scan(text: string, replace: (part: Interpolation) => string): string {
  let out = '';
  for (let at = 0; at < text.length;) {
    const char = text[at];
    if (char !== '$') {
      out += char;
      at += 1;
      continue;
    }
    const next = text[at + 1];
    if (next === '$') {
      out += '$';
      at += 2;
    } else if (next === '{') {
      const end = text.indexOf('}', at);
      if (end < 0) throw new Error(`unterminated interpolation in ${JSON.stringify(text)}`);
      const body = text.slice(at + 2, end);
      const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?|:\+|\+)(.*))?$/s.exec(body);
      if (!match) throw new Error(`invalid interpolation \${${body}}`);
      out += replace({ name: match[1], operator: match[2] ?? '', argument: match[3] ?? '' });
      at = end + 1;
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at + 1));
      if (!match) {
        out += '$';
        at += 1;
        continue;
      }
      out += replace({ name: match[0], operator: '', argument: '' });
      at += 1 + match[0].length;
    }
  }
  return out;
}

/** A compose service's environment with .env.example's values put in. */
export function composeEnvironment(service: ComposeService, variables = readEnvExample()): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rawEnvironment(service)).map(([name, value]) => [name, interpolate(value, variables)]),
  );
}

// --- the apps and their configuration schemas --------------------------------------------------

/** A configuration class made by `Configuration(name, schema)` (libs/platform). */
export interface ConfigurationClass {
  readonly name: string;
  readonly namespace: string;
  load(env: Readonly<Record<string, string | undefined>>): unknown;
}

/**
 * The identity provider of the embedded mode; in the distributed mode an external OpenID Connect
 * provider (Keycloak in compose) takes its place, so it has no compose service or Deployment.
 */
export const EMBEDDED_ONLY_APPS = ['identity'];

/** Every app of apps/ (a folder with src/main.ts), but the embedded-only ones. */
export function distributedApps(): string[] {
  return readdirSync(join(root, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'apps', entry.name, 'src', 'main.ts')))
    .map((entry) => entry.name)
    .filter((name) => !EMBEDDED_ONLY_APPS.includes(name))
    .sort();
}

function filesUnder(dir: string, accept: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(accept)
    .sort();
}

const isConfigFile = (path: string) => /\.config\.ts$/.test(path);

/** Whether an app's code uses the platform (and so reads the platform's settings). */
function usesPlatform(app: string): boolean {
  return filesUnder(join(root, 'apps', app, 'src'), (path) => path.endsWith('.ts')).some((file) =>
    readFileSync(file, 'utf8').includes("from '@lib/platform'"),
  );
}

/**
 * The configuration files an app reads, found when the test runs: every `*.config.ts` under
 * `apps/<app>/src/` and, for an app built on the platform, under `libs/platform/src/`.
 */
export function configFilesOf(app: string): string[] {
  return [
    ...filesUnder(join(root, 'apps', app, 'src'), isConfigFile),
    ...(usesPlatform(app) ? filesUnder(join(root, 'libs/platform/src'), isConfigFile) : []),
  ].map((file) => relative(root, file));
}

/** The configuration classes the files export. */
export async function configurationClasses(files: readonly string[]): Promise<ConfigurationClass[]> {
  const classes: ConfigurationClass[] = [];
  for (const file of files) {
    const exports = (await import(join(root, file))) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      const candidate = value as Partial<ConfigurationClass> | undefined;
      if (
        typeof value === 'function' &&
        typeof candidate?.namespace === 'string' &&
        typeof candidate.load === 'function'
      ) {
        classes.push(value as unknown as ConfigurationClass);
      }
    }
  }
  return classes;
}

interface Problem {
  readonly variable: string;
  readonly problem: string;
}

function problemsOf(config: ConfigurationClass, env: Readonly<Record<string, string | undefined>>): Problem[] {
  try {
    config.load(env);
    return [];
  } catch (error) {
    const problems = (error as { problems?: Problem[] }).problems;
    if ((error as Error).name === 'ConfigurationError' && Array.isArray(problems)) return problems;
    throw error;
  }
}

/**
 * The variables a configuration requires: those it names when loaded from an empty environment
 * (settings with no default and not optional). `PORT or WEB_PORT` comes back as both names: either
 * will do.
 */
export function requiredVariables(configs: readonly ConfigurationClass[]): string[][] {
  return configs.flatMap((config) =>
    problemsOf(config, {})
      .filter((problem) => problem.problem === 'is required')
      .map((problem) => problem.variable.split(' or ')),
  );
}

/** Every problem the app would stop on at start with this environment ('' when none). */
export function configurationProblems(
  configs: readonly ConfigurationClass[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  return configs.flatMap((config) =>
    problemsOf(config, env).map((problem) => `${config.name}: ${problem.variable} ${problem.problem}`),
  );
}

/** Whether the app keeps personal data (`PlatformModule.forRoot({ personalData: true })`): then it needs the KEK. */
export function holdsPersonalData(app: string): boolean {
  return filesUnder(join(root, 'apps', app, 'src'), (path) => path.endsWith('.module.ts')).some((file) =>
    /personalData:\s*true/.test(readFileSync(file, 'utf8')),
  );
}

// --- deploy/k8s --------------------------------------------------------------------------------

export interface Manifest {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

export const K8S_DIR = 'deploy/k8s';

/** Every document of every YAML file in deploy/k8s but kustomization.yaml. */
export function readManifests(): Manifest[] {
  return readdirSync(join(root, K8S_DIR))
    .filter((file) => /\.ya?ml$/.test(file) && file !== 'kustomization.yaml')
    .sort()
    .flatMap((file) =>
      parseAllDocuments(read(join(K8S_DIR, file)))
        .map((document) => {
          if (document.errors.length > 0)
            throw new Error(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
          return document.toJS() as Manifest | null;
        })
        .filter((manifest): manifest is Manifest => manifest !== null)
        .map((manifest): Manifest => ({ ...manifest, file })),
    );
}
