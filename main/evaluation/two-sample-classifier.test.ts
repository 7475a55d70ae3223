import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../tf/backend-loader.js';
import { gaussianSet } from './test-support/gaussian-set.js';
import { classifierTwoSampleTest } from './two-sample-classifier.js';

beforeAll(async () => {
  await loadBackend({ setting: 'cpu', env: {} });
});

describe('classifierTwoSampleTest (Lopez-Paz and Oquab)', () => {
  it('cannot tell two samples of one distribution apart: ½ lies in the interval', async () => {
    const before = tf.memory().numTensors;
    const result = await classifierTwoSampleTest(tf, gaussianSet(100, 16, 41), gaussianSet(100, 16, 42));
    expect(tf.memory().numTensors).toBe(before);
    expect(result.testCount).toBe(100);
    expect(result.trainCount).toBe(100);
    expect(result.low).toBeLessThanOrEqual(0.5);
    expect(result.high).toBeGreaterThanOrEqual(0.5);
    expect(result.pValue).toBeGreaterThan(0.05);
  });

  it('tells shifted sets apart almost always, with a tiny p-value', async () => {
    const result = await classifierTwoSampleTest(tf, gaussianSet(100, 16, 43), gaussianSet(100, 16, 44, 1));
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.low).toBeGreaterThan(0.8);
    expect(result.pValue).toBeLessThan(1e-9);
  });

  it('tells a collapsed generator (one image) from the data', async () => {
    const real = gaussianSet(60, 16, 45);
    const one = gaussianSet(1, 16, 46);
    const result = await classifierTwoSampleTest(
      tf,
      real,
      Array.from({ length: 60 }, () => one[0] ?? new Float32Array(16)),
    );
    expect(result.accuracy).toBeGreaterThan(0.9);
  });

  it('balances the sets, is repeatable for a seed, and can be cancelled', async () => {
    const real = gaussianSet(40, 8, 47);
    const generated = gaussianSet(90, 8, 48, 0.3);
    const first = await classifierTwoSampleTest(tf, real, generated, { seed: 3 });
    expect(first.testCount).toBe(40);
    expect(await classifierTwoSampleTest(tf, real, generated, { seed: 3 })).toEqual(first);
    const controller = new AbortController();
    controller.abort();
    await expect(
      classifierTwoSampleTest(tf, real, generated, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    await expect(classifierTwoSampleTest(tf, real.slice(0, 3), generated)).rejects.toThrow(/at least 4/);
  });
});
