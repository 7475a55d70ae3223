import type { BackendInfo, JobSummary } from '$contract';
import { describe, expect, it } from 'vitest';
import { backendDetails, backendLabel, benchmarkLabel, jobLabel, trainerDetails } from './format.js';

const wasm: BackendInfo = {
  name: 'wasm',
  device: 'CPU (2 cores, wasm SIMD)',
  requested: 'auto',
  requestedBy: 'default',
  fallbacks: [
    { backend: 'tensorflow-gpu', reason: 'No CUDA GPU found.' },
    { backend: 'tensorflow', reason: '@tensorflow/tfjs-node is not installed.' },
  ],
  tfjsVersion: '4.22.0',
};

describe('backend text', () => {
  it('names the backend and device', () => {
    expect(backendLabel(wasm)).toBe('wasm · CPU (2 cores, wasm SIMD)');
  });

  it('lists every fallback reason in the details', () => {
    const details = backendDetails(wasm);
    expect(details).toContain('• tensorflow-gpu: No CUDA GPU found.');
    expect(details).toContain('• tensorflow: @tensorflow/tfjs-node is not installed.');
    expect(details).toContain('Chosen automatically');
  });

  it('says who forced a backend and omits the fallback list when there is none', () => {
    const details = backendDetails({
      ...wasm,
      name: 'cpu',
      requested: 'cpu',
      requestedBy: 'environment',
      fallbacks: [],
    });
    expect(details).toContain('Requested: cpu (by environment)');
    expect(details).not.toContain('Not used');
  });
});

describe('trainerDetails', () => {
  it('reports restarts and the last error', () => {
    expect(trainerDetails({ state: 'ready', pid: 7, lastError: 'Out of memory', restarts: 2 })).toBe(
      'Process 7\nRestarted 2 times\nLast error: Out of memory',
    );
  });
});

describe('jobLabel', () => {
  const job: JobSummary = {
    id: 'j',
    kind: 'system:benchmark',
    title: 'Speed check',
    state: 'running',
    progress: null,
    error: null,
    startedAt: 0,
    endedAt: null,
  };

  it('adds the percentage once progress is known', () => {
    expect(jobLabel(job)).toBe('Speed check');
    expect(jobLabel({ ...job, progress: { fraction: 0.426, message: '' } })).toBe('Speed check · 43%');
  });
});

describe('benchmarkLabel', () => {
  it('shows three significant digits', () => {
    expect(
      benchmarkLabel({
        backend: 'wasm',
        iterations: 10,
        secondsPerIteration: 0.042137,
        gflopsPerSecond: 12.345,
      }),
    ).toBe('0.0421 s per step · 12.3 GFLOP/s');
  });
});
