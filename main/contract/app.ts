import { z } from 'zod';
import { BackendInfo, BackendPreference } from './backend.js';

export const TrainerStatus = z.object({
  state: z.enum(['starting', 'ready', 'busy', 'crashed', 'stopped']),
  pid: z.number().int().nullable(),
  /** Set after a crash: what happened, in words a user can act on. */
  lastError: z.string().nullable(),
  restarts: z.number().int().nonnegative(),
});
export type TrainerStatus = z.infer<typeof TrainerStatus>;

export const ElectronSupport = z.object({
  canRun: z.boolean(),
  reason: z.string(),
});
export type ElectronSupport = z.infer<typeof ElectronSupport>;

export const AppInfo = z.object({
  name: z.literal('Ganvas'),
  version: z.string(),
  shell: z.enum(['electron', 'browser', 'cli']),
  platform: z.string(),
  arch: z.string(),
  nodeVersion: z.string(),
  electron: ElectronSupport,
  backend: BackendInfo.nullable(),
  trainer: TrainerStatus,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Settings = z.object({
  backend: BackendPreference,
  theme: z.enum(['system', 'light', 'dark']),
});
export type Settings = z.infer<typeof Settings>;

export const defaultSettings: Settings = { backend: 'auto', theme: 'system' };
