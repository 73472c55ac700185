export * from './transport.port.js';
