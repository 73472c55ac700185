import { Injectable } from '@nestjs/common';
import nunjucks from 'nunjucks';
import { join } from 'node:path';
import type { Response } from 'express';
import { frontendPackages, webRoot } from './paths.js';
import { formatDate, formatDateTime, humanise } from './format.js';

/**
 * Renders the pages: Nunjucks templates from `apps/web/views`, with the GOV.UK and MoJ
 * Design System macros on the search path (`govuk/components/...`, `moj/components/...`).
 * Autoescaping is on; every page gets the request's locals (CSP nonce, CSRF token, user,
 * navigation) set by the middleware.
 */
@Injectable()
export class Views {
  readonly env: nunjucks.Environment;

  constructor() {
    const { govukDist, mojRoot } = frontendPackages();
    this.env = new nunjucks.Environment(
      new nunjucks.FileSystemLoader([join(webRoot(), 'views'), govukDist, mojRoot], {
        noCache: process.env.NODE_ENV === 'development',
      }),
      { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
    );
    this.env.addFilter('date', (value: unknown) => formatDate(value));
    this.env.addFilter('dateTime', (value: unknown) => formatDateTime(value));
    this.env.addFilter('humanise', (value: unknown) => humanise(value));
    // the MoJ timeline's filters: `mojDate(type)` for `datetime`, `date(format)` otherwise (UK time)
    this.env.addFilter('mojDate', (value: unknown, type?: string) =>
      type === 'date' ? formatDate(value) : formatDateTime(value),
    );
    this.env.addGlobal('serviceName', 'Prevent case management');
  }

  render(res: Response, template: string, context: Record<string, unknown> = {}, status = 200): void {
    const html = this.env.render(template, { ...res.locals, ...context });
    res.status(status).type('html').setHeader('cache-control', 'no-store').send(html);
  }
}
