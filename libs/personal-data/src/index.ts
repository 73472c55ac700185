export * from './key-store.js';
export * from './personal-data.errors.js';
export * from './personal-data-cipher.js';
export * from './postgres-key-store.js';
