import type { JobProgress } from '../contract/index.js';

/**
 * Turns "n of total done" into JobProgress with a fraction and an ETA from the average rate so far.
 * Not throttled: the job's owner decides how often progress leaves the process.
 */
export function progressReporter(
  total: number,
  onProgress: ((progress: JobProgress) => void) | undefined,
  message: (done: number) => string,
  now: () => number = Date.now,
): (done: number) => void {
  const started = now();
  return (done) => {
    if (!onProgress) return;
    const seconds = (now() - started) / 1000;
    const rate = done / Math.max(seconds, 1e-3);
    onProgress({
      fraction: total === 0 ? 1 : Math.min(1, done / total),
      message: message(done),
      done,
      total,
      etaSeconds: done > 0 ? Math.max(0, (total - done) / rate) : null,
    });
  };
}
