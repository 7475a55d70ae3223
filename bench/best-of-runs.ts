import type { BenchRow } from './bench-case.js';

/**
 * One row per runtime and case from several runs, each in a fresh process: the fastest run's time
 * (a process's speed can differ by half from the next one's on a shared machine; the PyTorch
 * reference's DCGAN-32 step measured 0.23 s in one process and 0.39 s in the next), and the worst
 * of the others, the peak memory and the leak count, so that no run's problem is hidden.
 */
export function bestOfRuns(runs: BenchRow[][]): BenchRow[] {
  const byKey = new Map<string, BenchRow>();
  for (const row of runs.flat()) {
    const key = `${row.runtime}\u0000${row.case}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...row });
      continue;
    }
    const faster = row.secondsPerIteration < seen.secondsPerIteration ? row : seen;
    byKey.set(key, {
      ...faster,
      peakRssMb: Math.max(seen.peakRssMb, row.peakRssMb),
      tensorsPerStep: worstLeak(seen.tensorsPerStep, row.tensorsPerStep),
    });
  }
  return [...byKey.values()];
}

function worstLeak(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.abs(b) > Math.abs(a) ? b : a;
}
