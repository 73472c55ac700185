export * from './event-store.port.js';
export * from './event-store.errors.js';
export * from './hash-chain.js';
export * from './upcasting.js';
export * from './postgres/postgres-event-store.js';
export * from './postgres/postgres-event-store.schema.js';
export * from './kurrentdb/kurrentdb-event-store.js';
export * from './verify/history-verifier.js';
