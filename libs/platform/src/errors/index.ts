export * from './domain-error.js';
export * from './problem-details.filter.js';
