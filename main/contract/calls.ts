import type { z } from 'zod';
import { appCalls } from './app-calls.js';
import { datasetCalls } from './dataset-calls.js';
import { evaluationCalls } from './evaluation-calls.js';
import { exploreCalls } from './explore-calls.js';
import { exportCalls } from './export.js';
import { favoriteCalls } from './favorites.js';
import { projectCalls } from './project-calls.js';
import { trainingCalls } from './training-calls.js';
import { translateCalls } from './translate-calls.js';

/**
 * Every request the renderer (or CLI) can make of the service, as `domain:verb`, gathered from
 * one file per domain. Args are strict: an unknown key is a malformed payload, not something to ignore.
 */
export const calls = {
  ...appCalls,
  ...projectCalls,
  ...datasetCalls,
  ...trainingCalls,
  ...exploreCalls,
  ...favoriteCalls,
  ...evaluationCalls,
  ...translateCalls,
  ...exportCalls,
} as const;

export type CallName = keyof typeof calls;
export const callNames = Object.keys(calls) as CallName[];
export type CallArgs<C extends CallName> = z.input<(typeof calls)[C]['args']>;
export type CallArgsParsed<C extends CallName> = z.output<(typeof calls)[C]['args']>;
export type CallResult<C extends CallName> = z.output<(typeof calls)[C]['result']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
