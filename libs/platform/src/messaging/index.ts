export * from './messaging.config.js';
export * from './messaging.options.js';
export * from './messaging.module.js';
export * from './messaging-runtime.js';
