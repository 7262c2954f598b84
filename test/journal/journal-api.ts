// The journal module as the tests use it.
export * from '../../src/journal/index.js';
export { validateEntry } from '../../src/journal/read.js';
