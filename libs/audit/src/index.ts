export * from './audit-log.port.js';
export * from './correlation-id.js';
export * from './postgres/install-postgres-audit-log.js';
export * from './postgres/postgres-audit-log.js';
export * from './nest/audit-search.controller.js';
