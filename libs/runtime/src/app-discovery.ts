import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Default ports of the apps the runtime knows; each can be moved with `<APP>_PORT`. */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  web: 3000,
  'referral-intake': 3001,
  'channel-panel': 3002,
  'compliance-reporting': 3003,
  identity: 3004,
};

/** Apps the runtime does not know get ports from here up, in name order. */
export const FIRST_EXTRA_PORT = 3100;

export interface AppToStart {
  readonly name: string;
  readonly main: string;
  readonly port: number;
  readonly portVariable: string;
}

export function portVariable(app: string): string {
  return `${app.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PORT`;
}

/** Every built app (`<dist>/apps/<name>/src/main.js`), with the port it is to listen on. */
export function discoverApps(distRoot: string, env: Readonly<Record<string, string | undefined>>): AppToStart[] {
  const appsDir = join(distRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  const names = readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'src', 'main.js')))
    .map((entry) => entry.name)
    .sort();
  let extra = FIRST_EXTRA_PORT;
  return names.map((name) => {
    const variable = portVariable(name);
    const port = parsePort(variable, env[variable]) ?? DEFAULT_PORTS[name] ?? extra++;
    return { name, main: join(appsDir, name, 'src', 'main.js'), port, portVariable: variable };
  });
}

export function parsePort(variable: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) {
    throw new Error(`Invalid configuration: ${variable} must be a port number (got ${JSON.stringify(raw)})`);
  }
  return port;
}
