export * from './personal-data.config.js';
export * from './key-encryption-key.js';
export * from './personal-data.providers.js';
