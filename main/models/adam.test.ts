import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const quadratic = (x: tf.Variable) => () => tf.sum(tf.square(tf.sub(x, 3))) as tf.Scalar;

describe('Adam (Kingma & Ba)', () => {
  it('matches the paper on the first step: every weight moves by the learning rate against the gradient sign', () => {
    const x = tf.variable(tf.tensor1d([0, 10]));
    const adam = new Adam({ learningRate: 0.1, beta1: 0.5 });
    adam.minimize(quadratic(x), true, [x])?.dispose();
    // m̂ = g, v̂ = g², so the step is α·g/|g| (ε aside).
    expect(Array.from(x.dataSync())).toEqual([expect.closeTo(0.1, 6), expect.closeTo(9.9, 6)]);
    adam.dispose();
    x.dispose();
  });

  it('agrees with tf.train.adam over many steps', () => {
    const ours = tf.variable(tf.tensor1d([0, 10, -4]));
    const theirs = tf.variable(tf.tensor1d([0, 10, -4]));
    const adam = new Adam({ learningRate: 0.05, beta1: 0.5, epsilon: 1e-7 });
    const reference = tf.train.adam(0.05, 0.5, 0.999, 1e-7);
    for (let i = 0; i < 50; i++) {
      adam.minimize(quadratic(ours), true, [ours])?.dispose();
      reference.minimize(quadratic(theirs), true, [theirs])?.dispose();
    }
    const a = Array.from(ours.dataSync());
    const b = Array.from(theirs.dataSync());
    a.forEach((value, i) => expect(value).toBeCloseTo(b[i] ?? NaN, 4));
    tf.dispose([ours, theirs]);
    adam.dispose();
    reference.dispose();
  });

  it('continues bit for bit from a saved state', () => {
    const x = tf.variable(tf.tensor1d([1, -2, 5]));
    const adam = new Adam({ learningRate: 0.01, beta1: 0.5 });
    for (let i = 0; i < 5; i++) adam.minimize(quadratic(x), true, [x])?.dispose();
    const saved = adam.state();
    const savedX = x.clone();
    adam.minimize(quadratic(x), true, [x])?.dispose();
    const expected = Array.from(x.dataSync());

    const y = tf.variable(savedX);
    const restored = new Adam({ learningRate: 0.01, beta1: 0.5 });
    restored.restore(saved);
    expect(restored.steps).toBe(5);
    restored.minimize(quadratic(y), true, [y])?.dispose();
    expect(Array.from(y.dataSync())).toEqual(expected);
    tf.dispose([x, y, savedX, ...saved.m, ...saved.v]);
    adam.dispose();
    restored.dispose();
  });

  it('leaves no tensors behind from step to step', () => {
    const x = tf.variable(tf.tensor1d([1, 2]));
    const adam = new Adam({ learningRate: 0.01, beta1: 0.5 });
    adam.minimize(quadratic(x), true, [x])?.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) adam.minimize(quadratic(x), true, [x])?.dispose();
    expect(tf.memory().numTensors).toBe(before);
    adam.dispose();
    x.dispose();
  });

  it('steps down a sum of losses differentiated part by part as down the whole sum, leaking nothing', () => {
    const whole = [tf.variable(tf.tensor1d([1, -2])), tf.variable(tf.tensor1d([0.5]))];
    const split = [tf.variable(tf.tensor1d([1, -2])), tf.variable(tf.tensor1d([0.5]))];
    const [a, b] = whole as [tf.Variable, tf.Variable];
    const [c, d] = split as [tf.Variable, tf.Variable];
    // The second part touches only the first variable: its gradient for the other is absent.
    const first = (x: tf.Variable, y: tf.Variable) => () => tf.sum(tf.mul(tf.square(x), y)) as tf.Scalar;
    const second = (x: tf.Variable) => () => tf.sum(tf.abs(tf.sub(x, 4))) as tf.Scalar;
    const adamWhole = new Adam({ learningRate: 0.1, beta1: 0.5 });
    const adamSplit = new Adam({ learningRate: 0.1, beta1: 0.5 });
    for (let step = 0; step < 3; step++) {
      const before = tf.memory().numTensors;
      const wholeLoss = adamWhole.minimize(
        () => tf.add(first(a, b)(), second(a)()) as tf.Scalar,
        true,
        whole,
      );
      const total = adamSplit.minimizeParts([first(c, d), second(c)], split);
      expect(total.dataSync()[0]).toBeCloseTo(wholeLoss?.dataSync()[0] ?? NaN, 5);
      wholeLoss?.dispose();
      total.dispose();
      if (step > 0) expect(tf.memory().numTensors).toBe(before);
    }
    expect(Array.from(c.dataSync())).toEqual(Array.from(a.dataSync()).map((v) => expect.closeTo(v, 5)));
    expect(d.dataSync()[0]).toBeCloseTo(b.dataSync()[0] ?? NaN, 5);
    adamWhole.dispose();
    adamSplit.dispose();
    tf.dispose([...whole, ...split]);
  });
});
