import { describe, expect, it } from 'vitest';
import type { BackendInfo } from '../contract/index.js';
import { isFinalJobEvent, parseParentMessage, parseTrainerMessage } from './trainer-protocol.js';

const backend: BackendInfo = {
  name: 'wasm',
  device: 'CPU · 2 cores · wasm SIMD, 1 thread',
  requested: 'auto',
  requestedBy: 'default',
  fallbacks: [{ backend: 'tensorflow', reason: 'tfjs-node is not installed' }],
  tfjsVersion: '4.22.0',
};

describe('parent -> trainer messages', () => {
  it('accepts run, cancel and shutdown', () => {
    const run = { type: 'run', jobId: 'j1', task: { kind: 'benchmark', iterations: 20, size: 64 } };
    expect(parseParentMessage(run)).toEqual({ ok: true, message: run });
    expect(parseParentMessage({ type: 'cancel', jobId: 'j1' })).toEqual({
      ok: true,
      message: { type: 'cancel', jobId: 'j1' },
    });
    expect(parseParentMessage({ type: 'shutdown' })).toEqual({ ok: true, message: { type: 'shutdown' } });
  });

  it('accepts an evaluation of some checkpoints', () => {
    const task = {
      kind: 'evaluate',
      projectRoot: '/p',
      runId: 'r',
      datasetId: 'd',
      domain: 'main',
      steps: [0, 250],
      count: 256,
      seed: 0,
      useEma: true,
    };
    expect(parseParentMessage({ type: 'run', jobId: 'j1', task })).toEqual({
      ok: true,
      message: { type: 'run', jobId: 'j1', task },
    });
  });

  it.each([
    ['an unknown type', { type: 'explode' }],
    ['an unknown task', { type: 'run', jobId: 'j1', task: { kind: 'mine-bitcoin' } }],
    [
      'a size the benchmark does not have',
      { type: 'run', jobId: 'j1', task: { kind: 'benchmark', iterations: 5, size: 48 } },
    ],
    ['zero iterations', { type: 'run', jobId: 'j1', task: { kind: 'benchmark', iterations: 0, size: 32 } }],
    ['an empty job id', { type: 'cancel', jobId: '' }],
    [
      'an evaluation of no checkpoint',
      {
        type: 'run',
        jobId: 'j1',
        task: {
          kind: 'evaluate',
          projectRoot: '/p',
          runId: 'r',
          datasetId: 'd',
          domain: 'main',
          steps: [],
          count: 64,
          seed: 0,
          useEma: true,
        },
      },
    ],
    ['a string', 'shutdown'],
    ['nothing', undefined],
  ])('refuses %s with a readable problem', (_, raw) => {
    const parsed = parseParentMessage(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(/^malformed message .+ \(.+\)$/);
  });
});

describe('trainer -> parent messages', () => {
  it('accepts ready, job events, log and fatal', () => {
    const messages = [
      { type: 'ready', backend },
      {
        type: 'job',
        jobId: 'j1',
        event: { type: 'progress', progress: { fraction: 0.5, message: 'Step 1 of 2', done: 1, total: 2 } },
      },
      { type: 'job', jobId: 'j1', event: { type: 'warning', message: 'slow' } },
      { type: 'job', jobId: 'j1', event: { type: 'done', result: { gflopsPerSecond: 15 } } },
      { type: 'job', jobId: 'j1', event: { type: 'failed', error: 'out of memory' } },
      { type: 'job', jobId: 'j1', event: { type: 'cancelled' } },
      { type: 'log', level: 'warn', message: 'GANVAS_BACKEND=gpu is not a backend' },
      { type: 'fatal', message: 'No TensorFlow.js backend could start' },
    ];
    for (const message of messages) expect(parseTrainerMessage(message)).toEqual({ ok: true, message });
  });

  it('refuses a started event (the service creates jobs), a bad backend and a progress over 100%', () => {
    const refused = [
      { type: 'job', jobId: 'j1', event: { type: 'started' } },
      { type: 'ready', backend: { ...backend, name: 'webgpu' } },
      { type: 'job', jobId: 'j1', event: { type: 'progress', progress: { fraction: 1.5, message: '' } } },
    ];
    for (const raw of refused) expect(parseTrainerMessage(raw).ok).toBe(false);
  });

  it('shortens what it quotes from a huge malformed message', () => {
    const parsed = parseTrainerMessage({ type: 'log', level: 'shout', message: 'x'.repeat(10_000) });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.length).toBeLessThan(400);
  });

  it('knows which events end a job', () => {
    expect(isFinalJobEvent({ type: 'done', result: null })).toBe(true);
    expect(isFinalJobEvent({ type: 'failed', error: 'x' })).toBe(true);
    expect(isFinalJobEvent({ type: 'cancelled' })).toBe(true);
    expect(isFinalJobEvent({ type: 'progress', progress: { fraction: null, message: '' } })).toBe(false);
    expect(isFinalJobEvent({ type: 'warning', message: '' })).toBe(false);
  });
});
