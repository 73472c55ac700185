export * from './transport.port.js';
export * from './relay/relay.js';
export * from './relay/message-id.js';
export * from './relay/relay-metrics.js';
export * from './inbox/postgres-inbox.js';
export * from './inbox/integration-consumer.js';
