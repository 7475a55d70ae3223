import { describe, expect, it } from 'vitest';
import type { BenchRow } from './bench-case.js';
import { formatTable } from './format-table.js';

const row = (overrides: Partial<BenchRow>): BenchRow => ({
  runtime: 'tfjs wasm',
  case: 'DCGAN D fwd+bwd 32 px x16',
  iterations: 50,
  secondsPerIteration: 0.1064,
  gflopsPerSecond: 15.66,
  peakRssMb: 185.6,
  tensorsPerStep: 0,
  ...overrides,
});

describe('formatTable', () => {
  it('aligns text left and figures right, and flags leaks', () => {
    const table = formatTable([
      row({}),
      row({ runtime: 'pytorch', gflopsPerSecond: null, tensorsPerStep: null }),
      row({ tensorsPerStep: 2 }),
    ]);
    expect(table.split('\n')).toEqual([
      'runtime    case                       steps  s/step  GFLOP/s  peak RSS  tensors/step',
      'tfjs wasm  DCGAN D fwd+bwd 32 px x16     50   0.106     15.7    186 MB      0 (flat)',
      'pytorch    DCGAN D fwd+bwd 32 px x16     50   0.106        -    186 MB             -',
      'tfjs wasm  DCGAN D fwd+bwd 32 px x16     50   0.106     15.7    186 MB       +2 LEAK',
    ]);
  });
});
