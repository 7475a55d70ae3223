import { describe, expect, it } from 'vitest';
import { benchmarkStatus, readBenchmarkResult, type BenchmarkFacts } from './benchmark-status.js';

const idle: BenchmarkFacts = { starting: false, startError: null, jobId: null, jobState: undefined };

describe('benchmarkStatus', () => {
  it('is idle before the first check and starting while the call is out', () => {
    expect(benchmarkStatus(idle)).toBe('idle');
    expect(benchmarkStatus({ ...idle, starting: true })).toBe('starting');
  });

  it('is running from the job id until the job ends, queued included', () => {
    expect(benchmarkStatus({ ...idle, jobId: 'j' })).toBe('running');
    expect(benchmarkStatus({ ...idle, jobId: 'j', jobState: 'queued' })).toBe('running');
    expect(benchmarkStatus({ ...idle, jobId: 'j', jobState: 'running' })).toBe('running');
  });

  it('reports how the job ended', () => {
    expect(benchmarkStatus({ ...idle, jobId: 'j', jobState: 'done' })).toBe('done');
    expect(benchmarkStatus({ ...idle, jobId: 'j', jobState: 'failed' })).toBe('failed');
    expect(benchmarkStatus({ ...idle, jobId: 'j', jobState: 'cancelled' })).toBe('cancelled');
  });

  it('fails when the call itself was refused', () => {
    expect(benchmarkStatus({ ...idle, startError: 'Not connected' })).toBe('failed');
  });
});

describe('readBenchmarkResult', () => {
  it('accepts a benchmark result and refuses anything else', () => {
    const result = { backend: 'wasm', iterations: 10, secondsPerIteration: 0.05, gflopsPerSecond: 9.5 };
    expect(readBenchmarkResult(result)).toEqual(result);
    expect(readBenchmarkResult({ backend: 'wasm' })).toBeNull();
    expect(readBenchmarkResult(null)).toBeNull();
  });
});
