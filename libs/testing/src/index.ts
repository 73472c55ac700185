export * from './decider-spec.js';
export * from './test-postgres.js';
