import { BenchmarkResult, type JobState } from '$contract';

export type BenchmarkStatus = 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

export interface BenchmarkFacts {
  starting: boolean;
  startError: string | null;
  jobId: string | null;
  /** The job's state once its events have arrived; undefined before that. */
  jobState: JobState | undefined;
}

/** Where "Check speed" stands, from what the client knows of its job. */
export function benchmarkStatus(facts: BenchmarkFacts): BenchmarkStatus {
  if (facts.starting) return 'starting';
  if (facts.startError !== null) return 'failed';
  if (facts.jobState === undefined) return facts.jobId === null ? 'idle' : 'running';
  return facts.jobState === 'queued' ? 'running' : facts.jobState;
}

/** The job's result as a benchmark result, or null if it is missing or not one. */
export function readBenchmarkResult(result: unknown): BenchmarkResult | null {
  const parsed = BenchmarkResult.safeParse(result);
  return parsed.success ? parsed.data : null;
}
