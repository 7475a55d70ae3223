import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGenerator, type DcganConfig } from './dcgan.js';
import { EmaGenerator } from './ema-generator.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config: DcganConfig = { size: 32, latentDim: 8, width: 4, seed: 3 };

const valuesOf = (model: tf.LayersModel) => model.weights.map((w) => Array.from(w.read().dataSync()));

/** Every weight of the generator, batchnorm's running statistics included, set to one value. */
function fill(model: tf.LayersModel, value: number): void {
  for (const weight of model.weights) weight.write(tf.fill(weight.shape as number[], value));
}

describe('EmaGenerator', () => {
  it('starts as a copy of the generator, batchnorm running statistics included', () => {
    const generator = createGenerator(config);
    const ema = new EmaGenerator(config, generator, 0.999);
    expect(generator.weights.some((w) => !w.trainable)).toBe(true);
    expect(valuesOf(ema.model)).toEqual(valuesOf(generator));
    ema.dispose();
    generator.dispose();
  });

  it('averages θ_ema ← d·θ_ema + (1 − d)·θ with the warm-up d_t = min(d, (1 + t)/(10 + t))', () => {
    const generator = createGenerator(config);
    const ema = new EmaGenerator(config, generator, 0.9);
    fill(ema.model, 0);
    fill(generator, 1);
    // t = 1: d = 2/11, so the average moves 9/11 of the way to the generator.
    ema.update(1);
    for (const values of valuesOf(ema.model)) for (const v of values) expect(v).toBeCloseTo(9 / 11, 6);
    // t = 1000: the warm-up is over, d = 0.9.
    fill(ema.model, 0);
    ema.update(1000);
    for (const values of valuesOf(ema.model)) for (const v of values) expect(v).toBeCloseTo(0.1, 6);
    ema.dispose();
    generator.dispose();
  });

  it('trails the generator by about 1/(1 − d) updates', () => {
    const generator = createGenerator(config);
    const ema = new EmaGenerator(config, generator, 0.99);
    const first = () => ema.model.weights[0]?.read().dataSync()[0] ?? NaN;
    fill(ema.model, 0);
    fill(generator, 1);
    for (let t = 1000; t < 1010; t++) ema.update(t);
    // Ten steps of d = 0.99: 1 − 0.99^10 of the way.
    expect(first()).toBeCloseTo(1 - 0.99 ** 10, 5);
    for (let t = 1010; t < 1500; t++) ema.update(t);
    // 500 updates ≫ 1/(1 − d) = 100: 0.99^500 ≈ 0.0066 of the gap is left.
    expect(first()).toBeCloseTo(1 - 0.99 ** 500, 4);
    ema.dispose();
    generator.dispose();
  });

  it('is the generator itself when the decay is 0', () => {
    const generator = createGenerator(config);
    const ema = new EmaGenerator(config, generator, 0);
    fill(generator, 0.25);
    ema.update(5000);
    expect(valuesOf(ema.model)).toEqual(valuesOf(generator));
    ema.dispose();
    generator.dispose();
  });

  it('leaves no tensors behind from update to update', () => {
    const generator = createGenerator(config);
    const ema = new EmaGenerator(config, generator, 0.999);
    ema.update(1);
    const before = tf.memory().numTensors;
    for (let t = 2; t < 6; t++) ema.update(t);
    expect(tf.memory().numTensors).toBe(before);
    ema.dispose();
    generator.dispose();
  });
});
