import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../tf/backend-loader.js';
import { evaluateFeatures } from './evaluate-features.js';
import { at, gaussianSet } from './test-support/gaussian-set.js';

beforeAll(async () => {
  await loadBackend({ setting: 'cpu', env: {} });
});

const real = gaussianSet(80, 12, 51);

describe('evaluateFeatures', () => {
  it('calls a generator drawing from the data’s distribution convincing, with the data’s diversity and no copies', async () => {
    const report = await evaluateFeatures(tf, real, gaussianSet(80, 12, 52));
    expect(report.warnings).toEqual([]);
    expect(report.verdict).toMatch(/^Convincing/);
    expect(report.diversity.ratio).toBeGreaterThan(0.9);
    expect(report.diversity.ratio).toBeLessThan(1.1);
    expect(report.diversity.support.atLeast).toBe(true);
    expect(report.memorisation.copyCount).toBe(0);
    expect(
      Math.abs(report.diversity.generatedDirections - report.diversity.realDirections),
    ).toBeLessThanOrEqual(1);
  });

  it('flags a collapsed generator returning one image', async () => {
    const one = at(gaussianSet(1, 12, 53), 0);
    const report = await evaluateFeatures(
      tf,
      real,
      Array.from({ length: 80 }, () => one),
    );
    expect(report.verdict).toMatch(/^Collapsed/);
    expect(report.warnings.map((w) => w.code)).toContain('mode-collapse');
    expect(report.diversity.ratio).toBe(0);
    expect(report.diversity.generatedDirections).toBe(0);
    expect(report.diversity.support).toEqual({ batchSize: 2, support: 4, atLeast: false });
    expect(report.twoSample.accuracy).toBeGreaterThan(0.9);
  });

  it('flags a generator that copies training images', async () => {
    const copies = Array.from({ length: 80 }, (_, i) => at(real, (i * 3) % 80));
    const report = await evaluateFeatures(tf, real, copies);
    expect(report.warnings.map((w) => w.code)).toEqual(['copies']);
    expect(report.memorisation.copyCount).toBe(80);
    expect(report.verdict).toMatch(/^Copying/);
  });

  it('says a shifted generator is not there yet, with larger distances than a faithful one', async () => {
    const faithful = await evaluateFeatures(tf, real, gaussianSet(80, 12, 54));
    const shifted = await evaluateFeatures(tf, real, gaussianSet(80, 12, 55, 1));
    expect(shifted.verdict).toMatch(/^Not there yet/);
    expect(shifted.frechetDistance).toBeGreaterThan(faithful.frechetDistance * 3);
    expect(shifted.kernelDistance).toBeGreaterThan(faithful.kernelDistance);
    expect(shifted.twoSample.accuracy).toBeGreaterThan(faithful.twoSample.accuracy);
  });
});
