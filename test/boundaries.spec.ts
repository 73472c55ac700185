import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

/** Runs dependency-cruiser with the project's rules, as `npm run depcheck` does. */
function cruise(cwd: string, paths: string[]): string[] {
  const result = spawnSync(
    process.execPath,
    [depcruise, ...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (!result.stdout) throw new Error(`dependency-cruiser failed: ${result.stderr}`);
  const { summary } = JSON.parse(result.stdout) as { summary: { violations: Violation[] } };
  return summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`).sort();
}

describe('dependency boundaries', () => {
  it('report each kind of breach in the fixture tree, and nothing on its pure domain file', () => {
    const violations = cruise(join(root, 'test/fixtures/boundaries'), ['apps', 'libs']);
    expect(violations).toEqual([
      'domain-is-pure: apps/alpha/src/cases/domain/case-archive.ts -> fs',
      'domain-is-pure: apps/alpha/src/cases/domain/case.ts -> ../../../node_modules/@nestjs/common/index.js',
      'libs-never-import-apps: libs/shared/src/leak.ts -> apps/beta/src/main.ts',
      'no-app-imports-another-app: apps/beta/src/main.ts -> apps/alpha/src/cases/domain/case.ts',
      'no-circular: libs/shared/src/ping.ts -> libs/shared/src/pong.ts',
    ]);
    expect(violations.join('\n')).not.toContain('case-rules.ts');
  });

  it('hold in the real tree', () => {
    expect(cruise(root, ['apps', 'libs', 'test'])).toEqual([]);
  });
});
