import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { Adam } from '../../models/adam.js';
import { adamStepApplies, adamStepKernelName } from './adam-step-simd.js';
import { installFastKernels } from './install-fast-kernels.js';
import { randomValues } from './test-support/conv-cases.js';
import { replaceKernel } from './test-support/replace-kernel.js';

/** Three Adam steps on variables of `shapes` with seeded gradients; every variable and moment's bits. */
function train(shapes: number[][], fused: boolean): Uint32Array[] {
  const variables = shapes.map((shape, i) =>
    tf.variable(
      tf.tensor(
        randomValues(
          shape.reduce((a, b) => a * b, 1),
          10 + i,
        ),
        shape,
      ),
    ),
  );
  const adam = new Adam({ learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 });
  adam.useFusedStep = fused;
  for (let step = 0; step < 3; step++) {
    // A loss whose gradient is seeded noise of every scale (and exact zeros), per variable.
    const noise = shapes.map((shape, i) =>
      tf.tensor(
        randomValues(
          shape.reduce((a, b) => a * b, 1),
          100 * step + i,
        ).map((value, j) => (j % 11 === 0 ? 0 : value * 10 ** ((j % 9) - 5))),
        shape,
      ),
    );
    adam
      .minimize(
        () => tf.addN(variables.map((variable, i) => tf.sum(tf.mul(variable, noise[i] ?? 0)))) as tf.Scalar,
        true,
        variables,
      )
      ?.dispose();
    tf.dispose(noise);
  }
  const state = adam.state();
  const bits = [...variables, ...state.m, ...state.v].map(
    (t) => new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer),
  );
  tf.dispose([...variables, ...state.m, ...state.v]);
  adam.dispose();
  return bits;
}

describe('the fused Adam step on wasm', () => {
  it('gives the op composition’s bits: weights and both moments, three steps, odd sizes', async () => {
    await tf.setBackend('wasm');
    installFastKernels(tf, 'wasm');
    expect(adamStepApplies(tf)).toBe(true);
    let fusedCalls = 0;
    replaceKernel(adamStepKernelName, 'wasm', (original) => (params) => {
      fusedCalls++;
      return original(params);
    });
    const shapes = [[3, 3, 16, 32], [7], [1, 5, 3], [129, 2]];
    const composed = train(shapes, false);
    expect(fusedCalls).toBe(0);
    const fused = train(shapes, true);
    expect(fusedCalls).toBe(3 * shapes.length);
    expect(fused).toEqual(composed);
    // The steps moved the weights: the comparison compared trained values.
    expect(composed[0]).not.toEqual(
      new Uint32Array(Float32Array.from(randomValues(3 * 3 * 16 * 32, 10)).buffer),
    );
  });

  it('is not used on other backends', async () => {
    await tf.setBackend('cpu');
    expect(adamStepApplies(tf)).toBe(false);
  });
});
