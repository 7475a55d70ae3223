import { z } from 'zod';

/** Compute backends in the order the loader tries them (fastest first). */
export const backendNames = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export const BackendName = z.enum(backendNames);
export type BackendName = z.infer<typeof BackendName>;

/** What the user asked for: a specific backend, or the best that loads. */
export const BackendPreference = z.enum(['auto', ...backendNames]);
export type BackendPreference = z.infer<typeof BackendPreference>;

/** Why a backend earlier in the order was not used. */
export const BackendFallback = z.object({
  backend: BackendName,
  reason: z.string(),
});
export type BackendFallback = z.infer<typeof BackendFallback>;

export const BackendInfo = z.object({
  name: BackendName,
  /** Human-readable device, e.g. "CPU (2 cores, wasm SIMD)" or a GPU name. */
  device: z.string(),
  /** The preference that led here and where it came from. */
  requested: BackendPreference,
  requestedBy: z.enum(['default', 'setting', 'environment']),
  fallbacks: z.array(BackendFallback),
  tfjsVersion: z.string(),
});
export type BackendInfo = z.infer<typeof BackendInfo>;
