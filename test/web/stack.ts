import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { signIn } from '../../apps/identity/test/oidc-client.js';

/**
 * The whole system as `npm start` brings it up (the built launcher: embedded PostgreSQL, the
 * identity provider, the three services and the web app, each its own process), on ports of its
 * own so test files and concurrent runs never collide. The web tests drive it over real sockets:
 * `WebClient` as a browser without JavaScript would (cookies, forms, CSRF tokens), Chromium
 * through playwright-core for the journeys.
 */
const root = resolve(import.meta.dirname, '../..');
/** `WEB_TEST_DIST` runs another build of the apps (engineers working side by side build into `.dist-<name>`). */
const dist = resolve(root, process.env.WEB_TEST_DIST ?? 'dist');
const launcher = join(dist, 'libs/runtime/src/start.js');
const APPS = ['web', 'referral-intake', 'channel-panel', 'compliance-reporting', 'identity'] as const;

export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly role: string;
  readonly area?: string;
}

export interface Stack {
  readonly webUrl: string;
  readonly identityUrl: string;
  readonly urls: Readonly<Record<(typeof APPS)[number], string>>;
  readonly dataDir: string;
  readonly users: readonly DemoUser[];
  /** The demo user of `role` in `area` (Birmingham E08000025 unless said), or the only one of that role. */
  user(role: string, area?: string): DemoUser;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the stack for one test file. `slot` (1–9) tells the test files apart; TEST_PG_PORT
 * tells concurrent runs apart, as everywhere in the tests.
 */
export async function startStack(slot: number, timeoutMs = 90_000): Promise<Stack> {
  if (!existsSync(launcher)) throw new Error(`${launcher} is missing: run npm run build first`);
  const run = Number(process.env.TEST_PG_PORT ?? 54329) % 100;
  // below the kernel's ephemeral range (32768 and up), so no outgoing connection can hold them
  const base = 20000 + run * 100 + slot * 10;
  const ports = Object.fromEntries(APPS.map((app, index) => [app, base + index])) as Record<
    (typeof APPS)[number],
    number
  >;
  const pgPort = 30000 + run * 10 + slot;
  const parent = join(tmpdir(), 'prevent-web-tests');
  mkdirSync(parent, { recursive: true });
  const dataDir = mkdtempSync(join(parent, `stack-${slot}-`));
  const urls = Object.fromEntries(APPS.map((app) => [app, `http://127.0.0.1:${ports[app]}`])) as Record<
    (typeof APPS)[number],
    string
  >;
  const child: ChildProcess = spawn(process.execPath, [launcher], {
    cwd: root,
    env: {
      ...process.env,
      PREVENT_DATA_DIR: dataDir,
      PG_PORT: String(pgPort),
      ...Object.fromEntries(APPS.map((app) => [`${app.toUpperCase().replace(/-/g, '_')}_PORT`, String(ports[app])])),
      STOP_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await Promise.race([exited, sleep(20_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!output.includes('Prevent is running')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the stack did not start:\n${output.slice(-5000)}`);
    }
    await sleep(200);
  }
  const users = readDemoUsers(join(dataDir, 'identity-demo-users.txt'));
  return {
    webUrl: urls.web,
    identityUrl: urls.identity,
    urls,
    dataDir,
    users,
    user(role: string, area = 'E08000025') {
      const found =
        users.find((u) => u.role === role && u.area === area) ?? users.find((u) => u.role === role && !u.area);
      if (!found) throw new Error(`no demo user with role ${role} in ${area}`);
      return found;
    },
    output: () => output,
    stop,
  };
}

function readDemoUsers(file: string): DemoUser[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [username, password, role, area] = line.split('\t');
      return { username, password, role, ...(area && area !== '-' ? { area } : {}) };
    });
}

/** One answer of the web app: its status, where it was, and the page. */
export interface WebPage {
  readonly status: number;
  readonly url: string;
  readonly html: string;
  readonly headers: Headers;
}

/**
 * A browser without JavaScript, over HTTP: keeps cookies per origin, follows redirects across
 * the web app and the identity provider, and posts forms with the CSRF token of the last page it
 * was given (as the page's hidden field would).
 */
export class WebClient {
  private readonly jars = new Map<string, Map<string, string>>();
  csrfToken?: string;

  constructor(readonly stack: Stack) {}

  static async signedIn(stack: Stack, user: DemoUser): Promise<WebClient> {
    const client = new WebClient(stack);
    await client.signIn(user);
    return client;
  }

  /** Signs in from the provider's sign-in page (the one given, where a protected page led; else /sign-in's). */
  async signIn(user: DemoUser, from?: WebPage): Promise<WebPage> {
    const signInPage = from ?? (await this.get('/sign-in'));
    const action = /<form[^>]*action="([^"]*\/interaction\/[^"]+)"/.exec(signInPage.html)?.[1];
    if (!action) throw new Error(`no sign-in form at ${signInPage.url} (${signInPage.status})`);
    const page = await this.request(new URL(decodeEntities(action), signInPage.url).href, 'POST', {
      username: user.username,
      password: user.password,
    });
    if (!page.url.startsWith(this.stack.webUrl)) throw new Error(`sign-in as ${user.username} failed: ${page.status}`);
    return page;
  }

  get(path: string): Promise<WebPage> {
    return this.request(new URL(path, this.stack.webUrl).href, 'GET');
  }

  /** Posts a form; the CSRF token of the last page is added unless `_csrf` is given. */
  post(path: string, form: Record<string, string | readonly string[]>): Promise<WebPage> {
    const body = { _csrf: this.csrfToken ?? '', ...form };
    return this.request(new URL(path, this.stack.webUrl).href, 'POST', body);
  }

  private async request(
    url: string,
    method: 'GET' | 'POST',
    form?: Record<string, string | readonly string[]>,
  ): Promise<WebPage> {
    let current = url;
    let currentMethod = method;
    let body: URLSearchParams | undefined;
    if (form) {
      body = new URLSearchParams();
      for (const [name, value] of Object.entries(form)) {
        for (const item of typeof value === 'string' ? [value] : value) body.append(name, item);
      }
    }
    for (let hop = 0; hop < 15; hop++) {
      const response = await fetch(current, {
        method: currentMethod,
        redirect: 'manual',
        headers: {
          cookie: this.cookieHeader(current),
          ...(currentMethod === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(currentMethod === 'POST' && body ? { body } : {}),
      });
      this.keepCookies(current, response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current).href;
        if (response.status !== 307 && response.status !== 308) currentMethod = 'GET';
        continue;
      }
      const html = await response.text();
      const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      if (token) this.csrfToken = token;
      return { status: response.status, url: current, html, headers: response.headers };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  private cookieHeader(url: string): string {
    const jar = this.jars.get(new URL(url).origin);
    return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  private keepCookies(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.jars.set(origin, jar);
  }
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&#x2F;/g, '/');
}

/** The text of the page's GOV.UK error summary items, in order (empty when there is none). */
export function errorSummary(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/div>\s*<\/div>\s*<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="#[^"]*">([\s\S]*?)<\/a>/g)].map((m) => decodeEntities(m[1].trim()));
}

/** The value an input of the page holds (what the user typed, kept after a refusal). */
export function inputValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name.replace(/[[\]]/g, '\\$&')}"[^>]*>`).exec(html)?.[0];
  if (input) return decodeEntities(/value="([^"]*)"/.exec(input)?.[1] ?? '');
  const textarea = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1];
  return textarea === undefined ? undefined : decodeEntities(textarea);
}

/** An access token for the services' APIs, as the web app would get it for the user (code + PKCE). */
export async function apiToken(stack: Stack, user: DemoUser): Promise<string> {
  const { accessToken, status } = await signIn(
    stack.identityUrl,
    { username: user.username, password: user.password },
    `${stack.webUrl}/auth/callback`,
  );
  if (!accessToken) throw new Error(`${user.username} could not sign in (${status})`);
  return accessToken;
}

/** A page's text: scripts and tags removed, entities decoded, whitespace collapsed. */
export function pageText(html: string): string {
  return decodeEntities(
    html
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  ).trim();
}
