import { describe, expect, it } from 'vitest';
import type { BenchRow } from './bench-case.js';
import { ratioLines, referenceRows } from './pytorch-reference.js';

const row = (runtime: string, testCase: string, seconds: number): BenchRow => ({
  runtime,
  case: testCase,
  iterations: 3,
  secondsPerIteration: seconds,
  gflopsPerSecond: null,
  peakRssMb: 100,
  tensorsPerStep: 0,
});

describe('the PyTorch reference', () => {
  it("turns the script's JSON into rows named like the tfjs cases", () => {
    const rows = referenceRows(
      {
        torch: '1.13',
        threads: 2,
        peakRssMb: 300,
        sizes: { '32': { secondsPerStep: 0.16, iterations: 20 } },
      },
      'pytorch 1.13',
    );
    expect(rows).toEqual([
      expect.objectContaining({
        runtime: 'pytorch 1.13',
        case: 'DCGAN step 32 px x64',
        secondsPerIteration: 0.16,
      }),
    ]);
  });

  it('prints Ganvas / PyTorch per matching case, and nothing for cases PyTorch did not run', () => {
    const lines = ratioLines(
      [row('tfjs wasm', 'DCGAN step 32 px x64', 0.48), row('tfjs wasm', 'DCGAN D fwd+bwd 32 px x16', 0.1)],
      [row('pytorch', 'DCGAN step 32 px x64', 0.16)],
    );
    expect(lines).toEqual(['tfjs wasm / pytorch, DCGAN step 32 px x64: 3.00x the time per step']);
  });
});
