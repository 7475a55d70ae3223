import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendInfo } from '../../contract/index.js';
import { loadBackend } from '../../tf/backend-loader.js';
import { benchmarkFlops, benchmarkLayers, runBenchmark, type BenchmarkShape } from './benchmark-task.js';
import type { TaskContext, TaskEvent } from './task-context.js';

const tiny: BenchmarkShape = { batch: 2, width: 2 };

function context(backend: BackendInfo, overrides: Partial<TaskContext> = {}) {
  const events: TaskEvent[] = [];
  const tensorsAtEachStep: number[] = [];
  let now = 0;
  const ctx: TaskContext = {
    tf,
    backend,
    emit: (event) => {
      events.push(event);
      if (event.type === 'progress' && (event.progress.done ?? 0) > 0)
        tensorsAtEachStep.push(tf.memory().numTensors);
    },
    signal: new AbortController().signal,
    // Every reading is 100 ms after the last: each step "takes" 0.1 s.
    clock: () => (now += 100),
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
    ...overrides,
  };
  return { ctx, events, tensorsAtEachStep };
}

let backend: BackendInfo;

describe('runBenchmark', () => {
  beforeAll(async () => {
    // wasm is what most machines run, and it needs the replacement gradient kernels to train at all.
    backend = (await loadBackend({ setting: 'wasm', env: {} })).info;
  });

  it('times forward and backward steps and reports GFLOP/s from the FLOP count', async () => {
    const { ctx } = context(backend);
    const result = await runBenchmark({ kind: 'benchmark', iterations: 3, size: 32 }, ctx, tiny);
    expect(result).toEqual({
      backend: 'wasm',
      iterations: 3,
      secondsPerIteration: expect.closeTo(0.1, 9),
      gflopsPerSecond: expect.closeTo(benchmarkFlops(32, tiny) / 0.1 / 1e9, 6),
    });
  });

  it('reports done, total and an ETA after a warm-up, ending at 100%', async () => {
    const { ctx, events } = context(backend);
    await runBenchmark({ kind: 'benchmark', iterations: 3, size: 32 }, ctx, tiny);
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    expect(progress.map((p) => [p.done, p.total, p.fraction])).toEqual([
      [0, 3, 0],
      [1, 3, 1 / 3],
      [2, 3, 2 / 3],
      [3, 3, 1],
    ]);
    expect(progress.map((p) => p.etaSeconds)).toEqual([
      undefined,
      expect.closeTo(0.2, 9),
      expect.closeTo(0.1, 9),
      0,
    ]);
    expect(progress[3]?.message).toMatch(/^Step 3 of 3 · 0\.100 s\/step · [\d.]+ GFLOP\/s$/);
  });

  it('keeps the tensor count flat across steps and leaves nothing behind', async () => {
    const before = tf.memory().numTensors;
    const { ctx, tensorsAtEachStep } = context(backend);
    await runBenchmark({ kind: 'benchmark', iterations: 4, size: 64 }, ctx, tiny);
    expect(tensorsAtEachStep).toHaveLength(4);
    expect(new Set(tensorsAtEachStep).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops between steps when cancelled, and cleans up', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const { ctx, events } = context(backend, { signal: controller.signal });
    ctx.emit = (event) => {
      events.push(event);
      if (event.type === 'progress' && event.progress.done === 2) controller.abort();
    };
    await expect(
      runBenchmark({ kind: 'benchmark', iterations: 50, size: 32 }, ctx, tiny),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(events).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('benchmark FLOP count', () => {
  it('follows the DCGAN discriminator down to one logit', () => {
    expect(
      benchmarkLayers(64, 64).map((l) => `${l.inSize}:${l.inChannels}->${l.outSize}:${l.outChannels}`),
    ).toEqual(['64:3->32:64', '32:64->16:128', '16:128->8:256', '8:256->4:512', '4:512->1:1']);
  });

  it('counts forward, weight gradients, and input gradients except the first layer', () => {
    // 32 px, batch 16: forward per layer 2*16*out²*cout*16*cin.
    const forward = [25_165_824, 268_435_456, 268_435_456, 131_072];
    const total = 3 * forward.reduce((a, b) => a + b) - 25_165_824;
    expect(benchmarkFlops(32)).toBe(total);
    expect(benchmarkFlops(32)).toBe(1_661_337_600);
  });
});
