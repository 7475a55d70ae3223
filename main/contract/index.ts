export * from './app.js';
export * from './app-calls.js';
export * from './backend.js';
export * from './calls.js';
export * from './envelope.js';
export * from './events.js';
export * from './jobs.js';
export * from './parse.js';
