import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the web app's templates and static files are. They are not compiled, so the app finds
 * them from the project root (the nearest folder above this file holding `apps/web/views`),
 * whether it runs from `dist/` or from the sources under Jest.
 */
export function webRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'apps', 'web', 'views'))) return join(dir, 'apps', 'web');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('apps/web/views not found above the web app');
    dir = parent;
  }
}

const require = createRequire(import.meta.url);

/** `node_modules/govuk-frontend/dist` and `node_modules/@ministryofjustice/frontend`. */
export function frontendPackages(): { readonly govukDist: string; readonly mojRoot: string } {
  const govukDist = resolve(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
  const mojRoot = dirname(require.resolve('@ministryofjustice/frontend/package.json'));
  return { govukDist, mojRoot };
}
