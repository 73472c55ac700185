export * from './projection.js';
export * from './projection-runner.js';
export * from './read-model-checkpoint.entity.js';
export * from './read-model-schema.js';
export * from './read-models.module.js';
export * from './read-models-admin.controller.js';
