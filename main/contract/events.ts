import { type z } from 'zod';
import { TrainerStatus } from './app.js';
import { BackendInfo } from './backend.js';
import { JobEvent } from './jobs.js';
import { Project } from './projects.js';

/** Every event the service pushes to its clients, by channel. */
export const events = {
  'jobs:event': JobEvent,
  'trainer:status': TrainerStatus,
  'backend:changed': BackendInfo,
  /** A project's manifest or datasets changed (import finished, images excluded, renamed…). */
  'projects:changed': Project,
} as const;

export type EventName = keyof typeof events;
export const eventNames = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
