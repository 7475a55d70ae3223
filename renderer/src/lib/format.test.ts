import type { BackendInfo, JobSummary } from '$contract';
import { describe, expect, it } from 'vitest';
import {
  backendDetails,
  backendLabel,
  benchmarkLabel,
  count,
  etaLabel,
  jobLabel,
  timeAgo,
  trainerDetails,
} from './format.js';

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
    expect(jobLabel({ ...job, progress: { fraction: 0.5, message: '', etaSeconds: 20 } })).toBe(
      'Speed check · 50% · about 20 s left',
    );
  });
});

describe('time words', () => {
  it('rounds an estimate to words', () => {
    expect(etaLabel(0.4)).toBe('almost done');
    expect(etaLabel(12.4)).toBe('about 12 s left');
    expect(etaLabel(179)).toBe('about 3 min left');
    expect(etaLabel(3 * 3600 + 20 * 60)).toBe('about 3 h 20 min left');
  });

  it('says how long ago, then the date', () => {
    const now = Date.UTC(2026, 5, 20, 12);
    expect(timeAgo(now - 20_000, now)).toBe('just now');
    expect(timeAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(timeAgo(now - 3 * 3600_000, now)).toBe('3 h ago');
    expect(timeAgo(now - 30 * 3600_000, now)).toBe('yesterday');
    expect(timeAgo(now - 4 * 86400_000, now)).toBe('4 days ago');
    expect(timeAgo(now - 40 * 86400_000, now)).toBe(new Date(now - 40 * 86400_000).toLocaleDateString());
  });

  it('counts with the right plural', () => {
    expect(count(1, 'image')).toBe('1 image');
    expect(count(0, 'image')).toBe('0 images');
    expect(count(12_345, 'duplicate')).toBe('12,345 duplicates');
    expect(count(2, 'copy', 'copies')).toBe('2 copies');
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
