/** The protocol shared by every process: message types, topics, schema, codec. */
export * from './messages.js';
export * from './topics.js';
export * from './schema.js';
export * from './validate.js';
export * from './codec.js';
