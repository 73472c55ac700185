import type { Environment } from './config-schema.js';

/**
 * DI token of the variables every configuration is read from: `process.env` in a running
 * app; a test overrides it to boot a second instance with other settings.
 */
export const ENVIRONMENT = Symbol('ENVIRONMENT');

export const environmentProvider = { provide: ENVIRONMENT, useFactory: (): Environment => process.env };
