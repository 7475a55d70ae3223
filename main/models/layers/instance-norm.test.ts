import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastKernels } from '../../tf/kernels/install-fast-kernels.js';
import { instanceNormKernelName } from '../../tf/kernels/instance-norm-simd.js';
import { replaceKernel } from '../../tf/kernels/test-support/replace-kernel.js';
import { InstanceNormalization } from './instance-norm.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** y[n,h,w,c] = γc · (x − mean over h,w of x[n,·,·,c]) / √(variance + ε) + βc, by loops. */
function direct(
  x: Float32Array,
  [n, h, w, c]: [number, number, number, number],
  gamma: number[],
  beta: number[],
  epsilon: number,
) {
  const out = new Float32Array(x.length);
  const at = (i: number, y: number, z: number, k: number) => ((i * h + y) * w + z) * c + k;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c; k++) {
      let sum = 0;
      for (let y = 0; y < h; y++) for (let z = 0; z < w; z++) sum += x[at(i, y, z, k)] ?? 0;
      const mean = sum / (h * w);
      let squares = 0;
      for (let y = 0; y < h; y++)
        for (let z = 0; z < w; z++) squares += ((x[at(i, y, z, k)] ?? 0) - mean) ** 2;
      const deviation = Math.sqrt(squares / (h * w) + epsilon);
      for (let y = 0; y < h; y++)
        for (let z = 0; z < w; z++)
          out[at(i, y, z, k)] =
            ((gamma[k] ?? 0) * ((x[at(i, y, z, k)] ?? 0) - mean)) / deviation + (beta[k] ?? 0);
    }
  }
  return out;
}

describe('InstanceNormalization (Ulyanov et al.)', () => {
  it.each<[[number, number, number, number]]>([[[2, 5, 3, 4]], [[1, 7, 7, 3]], [[3, 2, 9, 1]]])(
    'matches the direct computation per image and channel, with scale and shift, for %j',
    (shape) => {
      const layer = new InstanceNormalization({ epsilon: 1e-5 });
      const input = tf.randomNormal(shape, 2, 3, 'float32', 7);
      layer.apply(input);
      const channels = shape[3] ?? 1;
      const gamma = Array.from({ length: channels }, (_, k) => 0.5 + k);
      const beta = Array.from({ length: channels }, (_, k) => k - 1);
      layer.setWeights([tf.tensor1d(gamma), tf.tensor1d(beta)]);
      const output = layer.apply(input) as tf.Tensor;
      const expected = direct(input.dataSync<'float32'>(), shape, gamma, beta, 1e-5);
      const actual = output.dataSync();
      for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i] ?? NaN, 4);
      tf.dispose([input, output]);
      layer.dispose();
    },
  );

  it('normalises each image on its own: a batch of one gives the same result as in a batch', () => {
    const layer = new InstanceNormalization();
    const batch = tf.randomNormal([3, 4, 4, 2], 0, 1, 'float32', 3);
    const whole = layer.apply(batch) as tf.Tensor;
    const alone = layer.apply(tf.slice(batch, [1, 0, 0, 0], [1, 4, 4, 2])) as tf.Tensor;
    const inBatch = tf.slice(whole, [1, 0, 0, 0], [1, 4, 4, 2]);
    expect(tf.max(tf.abs(tf.sub(alone, inBatch))).dataSync()[0]).toBeLessThan(1e-6);
  });

  it('has gradients for its input and its scale and shift', () => {
    const layer = new InstanceNormalization();
    const x = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 5);
    layer.apply(x);
    const weights = layer.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, x)) as tf.Scalar,
      weights,
    );
    expect(Object.keys(grads)).toHaveLength(2);
    for (const grad of Object.values(grads)) expect(Number.isFinite(grad.sum().dataSync()[0])).toBe(true);
  });

  it('reloads from a saved model by its registered class name', async () => {
    const input = tf.input({ shape: [4, 4, 2] });
    const output = new InstanceNormalization({ epsilon: 1e-3 }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    model.layers[1]?.setWeights([tf.tensor1d([2, 3]), tf.tensor1d([0.5, -0.5])]);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(
        async (artifacts) => (
          (saved = artifacts),
          { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
        ),
      ),
    );
    if (!saved) throw new Error('not saved');
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    const x = tf.randomNormal([2, 4, 4, 2], 0, 1, 'float32', 9);
    const difference = tf.max(
      tf.abs(tf.sub(model.predict(x) as tf.Tensor, reloaded.predict(x) as tf.Tensor)),
    );
    expect(difference.dataSync()[0]).toBeLessThan(1e-6);
    expect(reloaded.layers[1]?.getClassName()).toBe('GanvasInstanceNormalization');
  });
});

/** 'wasm-simd': wasm with Ganvas's kernels installed, whose SIMD instance norm then runs. */
let simdCalls = 0;
async function useBackend(variant: string): Promise<void> {
  await tf.setBackend(variant === 'wasm-simd' ? 'wasm' : variant);
  if (variant === 'wasm-simd' && tf.getKernel(instanceNormKernelName, 'wasm') === undefined) {
    installFastKernels(tf, 'wasm');
    replaceKernel(instanceNormKernelName, 'wasm', (original) => (params) => {
      simdCalls++;
      return original(params);
    });
  }
}

describe('InstanceNormalization computed in JavaScript (wasm, cpu) and by SIMD kernels (wasm)', () => {
  /** The layer's op composition, which tfjs-node runs and tfjs differentiates itself. */
  function byMoments(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
  }

  it.each(['cpu', 'wasm', 'wasm-simd'])(
    'gives the output and the input gradient of the op composition, on %s',
    async (backend) => {
      await useBackend(backend);
      const callsBefore = simdCalls;
      // CycleGAN's residual-block size, and small odd ones with two images.
      for (const shape of [
        [1, 16, 16, 32],
        [2, 5, 3, 8],
        [2, 5, 3, 7],
      ] as Array<[number, number, number, number]>) {
        const layer = new InstanceNormalization({ epsilon: 1e-5 });
        const x = tf.randomNormal(shape, 1, 2, 'float32', 3);
        layer.apply(x);
        const channels = shape[3];
        layer.setWeights([
          tf.randomNormal([channels], 1, 0.5, 'float32', 4),
          tf.randomNormal([channels], 0, 0.5, 'float32', 5),
        ]);
        const [gamma, beta] = layer.getWeights();
        if (!gamma || !beta) throw new Error('no weights');
        // A loss that weighs every output differently, so every gradient term matters.
        const weights = tf.randomNormal(shape, 0, 1, 'float32', 6);
        const largest = (t: tf.Tensor) => tf.max(tf.abs(t)).dataSync()[0] ?? Infinity;
        const expected = byMoments(x, gamma, beta, 1e-5);
        expect(largest(tf.sub(layer.apply(x) as tf.Tensor, expected))).toBeLessThan(1e-5);
        const dxExpected = tf.grad((a: tf.Tensor) =>
          tf.sum(tf.mul(byMoments(a, gamma, beta, 1e-5), weights)),
        )(x);
        const dxActual = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(layer.apply(a) as tf.Tensor, weights)))(x);
        expect(largest(tf.sub(dxActual, dxExpected)) / largest(dxExpected)).toBeLessThan(1e-4);
        layer.dispose();
      }
      // The SIMD kernels take channels in fours: the first two shapes, in each of their three passes.
      expect(simdCalls - callsBefore).toBe(backend === 'wasm-simd' ? 6 : 0);
    },
  );

  it.each(['cpu', 'wasm', 'wasm-simd'])(
    'trains γ and β with the gradients of the op composition, on %s',
    async (backend) => {
      await useBackend(backend);
      const shape: [number, number, number, number] = [2, 6, 6, 4];
      const x = tf.randomNormal(shape, 0, 1, 'float32', 8);
      const weights = tf.randomNormal(shape, 0, 1, 'float32', 9);
      const layer = new InstanceNormalization({ epsilon: 1e-5 });
      layer.apply(x);
      layer.setWeights([tf.tensor1d([0.5, 1, 1.5, 2]), tf.tensor1d([0, 0.1, -0.2, 0.3])]);
      const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, weights)) as tf.Scalar,
        variables,
      );
      const [gamma, beta] = layer.getWeights();
      if (!gamma || !beta) throw new Error('no weights');
      const [, dGamma, dBeta] = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(byMoments(a, g, b, 1e-5), weights)),
      )([x, gamma, beta]);
      const [gammaVariable, betaVariable] = variables;
      if (!gammaVariable || !betaVariable || !dGamma || !dBeta) throw new Error('no gradient');
      const close = (a: tf.Tensor | undefined, b: tf.Tensor) =>
        tf.max(tf.abs(tf.sub(a ?? tf.scalar(Infinity), b))).dataSync()[0] ?? Infinity;
      expect(close(grads[gammaVariable.name], dGamma)).toBeLessThan(1e-4);
      expect(close(grads[betaVariable.name], dBeta)).toBeLessThan(1e-4);
      layer.dispose();
    },
  );
});
