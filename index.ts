/**
 * opencti-datasets as a library: sources (bytes → STIX items), operators
 * (validate, dedupe, order...), sinks (files, RabbitMQ, the OpenCTI API) and
 * the pipeline that runs them with backpressure and accounting.
 */
export * from './core/index.js';
export * from './sources/index.js';
export * from './operators/index.js';
export * from './sinks/index.js';
export * from './pipeline/index.js';
