import { describe, expect, it } from 'vitest';
import type { BenchRow } from './bench-case.js';
import { bestOfRuns } from './best-of-runs.js';

const row = (overrides: Partial<BenchRow>): BenchRow => ({
  runtime: 'tfjs wasm',
  case: 'DCGAN step 32 px x64',
  iterations: 10,
  secondsPerIteration: 1,
  gflopsPerSecond: null,
  peakRssMb: 400,
  tensorsPerStep: 0,
  ...overrides,
});

describe('bestOfRuns', () => {
  it('keeps the fastest run per runtime and case, with the largest memory and leak of any run', () => {
    const rows = bestOfRuns([
      [
        row({ secondsPerIteration: 0.9, peakRssMb: 450 }),
        row({ runtime: 'pytorch', secondsPerIteration: 0.39, tensorsPerStep: null }),
      ],
      [
        row({ secondsPerIteration: 0.8, iterations: 12, tensorsPerStep: 2 }),
        row({ runtime: 'pytorch', secondsPerIteration: 0.23, tensorsPerStep: null }),
      ],
      [row({ secondsPerIteration: 0.85 }), row({ case: 'DCGAN step 64 px x64', secondsPerIteration: 5 })],
    ]);
    expect(rows).toEqual([
      row({ secondsPerIteration: 0.8, iterations: 12, peakRssMb: 450, tensorsPerStep: 2 }),
      row({ runtime: 'pytorch', secondsPerIteration: 0.23, tensorsPerStep: null }),
      row({ case: 'DCGAN step 64 px x64', secondsPerIteration: 5 }),
    ]);
  });
});
