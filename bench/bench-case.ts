import type { BackendInfo } from '../main/contract/index.js';
import type { tf } from '../main/tf/tfjs.js';

export interface BenchContext {
  tf: typeof tf;
  backend: BackendInfo;
  /** Roughly how long the timed steps of one case should take. */
  targetSeconds: number;
  /** Called once the warm-up step is done, before the timed ones (the kernel profiler starts here). */
  afterWarmUp?: () => void;
}

export interface Measurement {
  iterations: number;
  secondsPerIteration: number;
  /** Null where the FLOPs of a step are not counted. */
  gflopsPerSecond: number | null;
  /** How many tensors each step leaves behind: anything but 0 is a leak. */
  tensorsPerStep: number;
}

/** One workload measured on every backend; a new workload is a new file in cases/ plus a line in cases/index.ts. */
export interface BenchCase {
  id: string;
  label: string;
  /** Why this case is not run on a backend (too slow to be worth minutes of waiting), or null. */
  skipOn?: (backend: BackendInfo['name']) => string | null;
  measure(context: BenchContext): Promise<Measurement>;
}

/** A line of the results table, from a TensorFlow.js backend or from a reference runtime. */
export interface BenchRow {
  runtime: string;
  case: string;
  iterations: number;
  secondsPerIteration: number;
  gflopsPerSecond: number | null;
  peakRssMb: number;
  tensorsPerStep: number | null;
}

export type BenchOutcome =
  | { ok: true; row: BenchRow }
  | { ok: false; runtime: string; case: string; skipped: string; backendMissing?: boolean };
