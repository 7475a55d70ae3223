import { config } from 'zod';

/*
 * Zod compiles fast paths with `new Function` when it can, and probes for that the first time a schema
 * is built. The CSP forbids eval, so the probe would be reported as a violation: opt out up front.
 * Must be imported before anything that builds a schema (the contract does at import time).
 */
config({ jitless: true });
