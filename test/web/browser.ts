import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { DemoUser, Stack } from './stack.js';

/**
 * Chromium for the browser tests: Debian's (`/usr/bin/chromium`, installed by `.ci/run`), never a
 * downloaded one, with the flags this machine's closed network needs. `CHROMIUM_PATH` points
 * elsewhere.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of every journey step: test artefacts, kept after the run. */
export const ARTEFACTS = resolve(import.meta.dirname, '../../test-results/web-journeys');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The WCAG 2.2 A and AA rules of axe-core (and the 2.0/2.1 ones they include). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface Violation {
  readonly page: string;
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * One user's browser: every page it lands on can be checked with axe-core and photographed;
 * Content-Security-Policy refusals reported by the browser are collected (there must be none).
 */
export class UserBrowser {
  readonly violations: Violation[] = [];
  readonly cspRefusals: string[] = [];
  readonly checked = new Set<string>();
  private step = 0;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly label: string,
  ) {
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) {
        this.cspRefusals.push(`${page.url()}: ${message.text()}`);
      }
    });
  }

  static async open(browser: Browser, label: string, options: { width?: number } = {}): Promise<UserBrowser> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1024, height: 800 },
      acceptDownloads: true,
    });
    return new UserBrowser(context, await context.newPage(), label);
  }

  /** Signs in through the identity provider's page, as a person would. */
  async signIn(stack: Stack, user: DemoUser): Promise<void> {
    await this.page.goto(`${stack.webUrl}/sign-in`);
    await this.check('sign-in');
    await this.page.getByLabel('Username').fill(user.username);
    await this.page.getByLabel('Password').fill(user.password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.waitForURL(`${stack.webUrl}/**`);
  }

  /** axe-core on the current page (once per distinct path), then a screenshot named after the step. */
  async check(name: string): Promise<void> {
    await this.page.waitForLoadState('load');
    const url = new URL(this.page.url());
    const key = url.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
    if (!this.checked.has(key)) {
      this.checked.add(key);
      const results = await new AxeBuilder({ page: this.page }).withTags(WCAG_TAGS).analyze();
      for (const violation of results.violations) {
        this.violations.push({
          page: `${this.label} ${url.pathname}`,
          rule: violation.id,
          impact: violation.impact ?? 'unknown',
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')),
        });
      }
    }
    await this.screenshot(name);
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTEFACTS, { recursive: true });
    this.step += 1;
    const file = join(ARTEFACTS, `${this.label}-${String(this.step).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
