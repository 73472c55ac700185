/**
 * Jest runs in native-ESM mode (Node 20 + Jest 30 need it for the ESM-only NestJS 12 packages):
 * the test script passes --experimental-vm-modules. Sources are transformed by SWC with legacy
 * decorators and decorator metadata, as Nest and class-validator expect.
 *
 * Test kinds, by file name: *.spec.ts (no I/O), *.int-spec.ts (real PostgreSQL),
 * *.e2e-spec.ts (an app or the whole system booted).
 */
const swc = {
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@lib/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec,e2e-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/\\.dist-'],
  modulePathIgnorePatterns: ['<rootDir>/\\.dist-'],
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
