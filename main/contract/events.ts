import { type z } from 'zod';
import { TrainerStatus } from './app.js';
import { BackendInfo } from './backend.js';
import { JobEvent } from './jobs.js';
import { Project } from './projects.js';
import { RunEvent } from './training.js';

/** Every event the service pushes to its clients, by channel. */
export const events = {
  'jobs:event': JobEvent,
  'trainer:status': TrainerStatus,
  'backend:changed': BackendInfo,
  /** A project's manifest or datasets changed (import finished, images excluded, renamed…). */
  'projects:changed': Project,
  /** A training run's curve, samples, checkpoints, warnings and state, as they happen. */
  'runs:event': RunEvent,
} as const;

export type EventName = keyof typeof events;
export const eventNames = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
