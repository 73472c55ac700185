/**
 * A small typed schema for environment variables: each setting names its variable, how to
 * read it, and its default. Every problem is collected before anything starts, so a bad
 * deployment fails at boot with one message naming every offending variable.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface ConfigurationProblem {
  readonly variable: string;
  readonly problem: string;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: readonly ConfigurationProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.problem}`).join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

export class Setting<T> {
  constructor(
    readonly variables: readonly string[],
    private readonly parse: (raw: string) => Parsed<T>,
    private readonly fallback: { readonly has: boolean; readonly value?: T } = { has: false },
  ) {}

  /** Reads the next variable when the earlier ones are unset: `port('REFERRAL_INTAKE_PORT').or('PORT')`. */
  or(variable: string): Setting<T> {
    return new Setting([...this.variables, variable], this.parse, this.fallback);
  }

  default(value: T): Setting<T> {
    return new Setting<T>(this.variables, this.parse, { has: true, value });
  }

  optional(): Setting<T | undefined> {
    return new Setting<T | undefined>(this.variables, this.parse, { has: true, value: undefined });
  }

  read(env: Environment): { value: T } | ConfigurationProblem {
    for (const variable of this.variables) {
      const raw = env[variable];
      if (raw === undefined || raw.trim() === '') continue;
      const parsed = this.parse(raw.trim());
      if (parsed.ok) return { value: parsed.value };
      return { variable, problem: `must be ${parsed.expected} (got ${JSON.stringify(raw)})` };
    }
    if (this.fallback.has) return { value: this.fallback.value as T };
    return { variable: this.variables.join(' or '), problem: 'is required' };
  }
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const invalid = (expected: string): Parsed<never> => ({ ok: false, expected });

function integer(raw: string, min: number, max: number, expected: string): Parsed<number> {
  if (!/^-?\d+$/.test(raw)) return invalid(expected);
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= min && value <= max ? ok(value) : invalid(expected);
}

export const setting = {
  string: (variable: string) => new Setting([variable], ok),
  int: (variable: string, range: { min?: number; max?: number } = {}) => {
    const min = range.min ?? Number.MIN_SAFE_INTEGER;
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    const bounds = range.min !== undefined || range.max !== undefined ? ` between ${min} and ${max}` : '';
    return new Setting([variable], (raw) => integer(raw, min, max, `an integer${bounds}`));
  },
  port: (variable: string) => new Setting([variable], (raw) => integer(raw, 0, 65535, 'a port number')),
  url: (variable: string, protocols?: readonly string[]) =>
    new Setting([variable], (raw): Parsed<string> => {
      const expected = protocols ? `a ${protocols.map((p) => `${p}//`).join(' or ')} URL` : 'a URL';
      if (!URL.canParse(raw)) return invalid(expected);
      return !protocols || protocols.includes(new URL(raw).protocol) ? ok(raw) : invalid(expected);
    }),
  oneOf: <const V extends string>(variable: string, values: readonly V[]) =>
    new Setting([variable], (raw): Parsed<V> =>
      (values as readonly string[]).includes(raw) ? ok(raw as V) : invalid(`one of ${values.join(', ')}`),
    ),
  /** A comma-separated list; each item must be one of `values` when they are given. */
  list: <const V extends string>(variable: string, values?: readonly V[]) =>
    new Setting([variable], (raw): Parsed<readonly V[]> => {
      const items = raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      const allowed = (item: string) => !values || (values as readonly string[]).includes(item);
      if (items.length === 0 || !items.every(allowed)) {
        return invalid(values ? `a comma-separated list of ${values.join(', ')}` : 'a comma-separated list');
      }
      return ok(items as V[]);
    }),
  boolean: (variable: string) =>
    new Setting([variable], (raw): Parsed<boolean> => {
      const lower = raw.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return ok(true);
      if (['false', '0', 'no', 'off'].includes(lower)) return ok(false);
      return invalid('true or false');
    }),
};

export type ConfigSchema = Record<string, Setting<unknown>>;

export type ConfigValues<S extends ConfigSchema> = {
  readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never;
};

/** A rule across settings, e.g. a variable required only in one mode. */
export type ConfigCheck<S extends ConfigSchema> = (values: ConfigValues<S>) => ConfigurationProblem | undefined;

export function loadConfig<S extends ConfigSchema>(
  schema: S,
  env: Environment,
  check?: ConfigCheck<S>,
): ConfigValues<S> {
  const problems: ConfigurationProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, definition] of Object.entries(schema)) {
    const read = definition.read(env);
    if ('value' in read) values[key] = read.value;
    else problems.push(read);
  }
  if (problems.length === 0) {
    const problem = check?.(values as ConfigValues<S>);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return values as ConfigValues<S>;
}

/** A configuration class: the Nest DI token and the type of the values it holds. */
export interface ConfigurationClass<T> {
  new (): T;
  readonly namespace: string;
  load<C extends ConfigurationClass<T>>(this: C, env: Environment): InstanceType<C>;
}

/**
 * Declares a namespaced configuration whose class is both its DI token and its type:
 *
 * ```ts
 * export class ReferralIntakeConfig extends Configuration('referralIntake', {
 *   port: setting.port('REFERRAL_INTAKE_PORT').or('PORT').default(3001),
 * }) {}
 * constructor(private readonly config: ReferralIntakeConfig) {}   // config.port: number
 * ```
 */
export function Configuration<S extends ConfigSchema>(
  namespace: string,
  schema: S,
  check?: ConfigCheck<S>,
): ConfigurationClass<ConfigValues<S>> {
  class LoadedConfiguration {
    static readonly namespace = namespace;

    static load(this: new () => object, env: Environment) {
      return Object.freeze(Object.assign(new this(), loadConfig(schema, env, check)));
    }
  }
  return LoadedConfiguration as unknown as ConfigurationClass<ConfigValues<S>>;
}
