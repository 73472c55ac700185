export * from './decider-spec.js';
export * from './test-postgres.js';
export * from './service-app.js';
export * from './service-foundation.suite.js';
export * from './test-issuer.js';
