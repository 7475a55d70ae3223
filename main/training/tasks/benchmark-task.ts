import type * as tfjs from '@tensorflow/tfjs';
import type { BenchmarkResult } from '../../contract/index.js';
import type { BenchmarkTask } from '../trainer-protocol.js';
import type { TaskContext } from './task-context.js';

/**
 * The compute check behind the status bar's "speed check": one training step of a DCGAN
 * discriminator (Radford et al.: 4x4 convolutions, stride 2, LeakyReLU 0.2, widths 64-128-256-512)
 * on a batch of images, forward and backward, timed over N steps after one warm-up step.
 *
 * GFLOP/s counts convolution multiply-adds as 2 FLOPs each: the forward pass, the weight gradient
 * of every layer, and the input gradient of every layer but the first (nothing needs the gradient
 * of the images). Activations and the loss add well under 1% and are not counted.
 */

export interface BenchmarkShape {
  /** Images per step. */
  batch: number;
  /** Channels of the first layer; each later layer doubles it. */
  width: number;
}

export const benchmarkShape: BenchmarkShape = { batch: 16, width: 64 };

export interface ConvLayer {
  inSize: number;
  outSize: number;
  inChannels: number;
  outChannels: number;
  stride: number;
  pad: 'same' | 'valid';
}

const kernelSize = 4;

/** Strided layers down to 4x4, then a 4x4 'valid' convolution to one logit per image. */
export function benchmarkLayers(size: number, width: number): ConvLayer[] {
  const layers: ConvLayer[] = [];
  let spatial = size;
  let channels = 3;
  let next = width;
  while (spatial > 4) {
    layers.push({
      inSize: spatial,
      outSize: spatial / 2,
      inChannels: channels,
      outChannels: next,
      stride: 2,
      pad: 'same',
    });
    spatial /= 2;
    channels = next;
    next *= 2;
  }
  layers.push({ inSize: spatial, outSize: 1, inChannels: channels, outChannels: 1, stride: 1, pad: 'valid' });
  return layers;
}

/** FLOPs of one forward-and-backward step, as described at the top of this file. */
export function benchmarkFlops(size: number, shape: BenchmarkShape = benchmarkShape): number {
  const perLayer = benchmarkLayers(size, shape.width).map(
    (l) => 2 * shape.batch * l.outSize * l.outSize * l.outChannels * kernelSize * kernelSize * l.inChannels,
  );
  const forward = perLayer.reduce((sum, flops) => sum + flops, 0);
  return forward + forward + (forward - (perLayer[0] ?? 0));
}

export async function runBenchmark(
  task: BenchmarkTask,
  context: TaskContext,
  shape: BenchmarkShape = benchmarkShape,
): Promise<BenchmarkResult> {
  const { tf, emit, signal, clock } = context;
  const layers = benchmarkLayers(task.size, shape.width);
  const flops = benchmarkFlops(task.size, shape);
  const images = tf.randomUniform(
    [shape.batch, task.size, task.size, 3],
    -1,
    1,
    'float32',
    1,
  ) as tfjs.Tensor4D;
  const weights = layers.map(
    (l, i) =>
      tf.randomNormal(
        [kernelSize, kernelSize, l.inChannels, l.outChannels],
        0,
        0.02,
        'float32',
        2 + i,
      ) as tfjs.Tensor4D,
  );
  const lossOf = (...filters: tfjs.Tensor[]) => {
    let h: tfjs.Tensor4D = images;
    layers.forEach((layer, i) => {
      const out = tf.conv2d(h, filters[i] as tfjs.Tensor4D, layer.stride, layer.pad);
      h = i < layers.length - 1 ? tf.leakyRelu(out, 0.2) : out;
    });
    // The discriminator's loss on real images: softplus(-logit) = -log(sigmoid(logit)).
    return tf.mean(tf.softplus(tf.neg(h)));
  };
  const valueAndGrads = tf.valueAndGrads(lossOf);

  /** One step; reading one number that depends on every gradient makes async devices finish too. */
  const step = async (): Promise<number> => {
    const checksum = tf.tidy(() => {
      const { value, grads } = valueAndGrads(weights);
      return tf.addN([value, ...grads.map((g) => tf.sum(g))]);
    });
    try {
      return ((await checksum.data())[0] ?? NaN) as number;
    } finally {
      checksum.dispose();
    }
  };

  try {
    signal.throwIfAborted();
    emit({
      type: 'progress',
      progress: {
        fraction: 0,
        message: 'Warming up (the first step sets up the kernels)',
        done: 0,
        total: task.iterations,
      },
    });
    await step();
    let seconds = 0;
    for (let done = 1; done <= task.iterations; done++) {
      await context.yieldToEventLoop();
      signal.throwIfAborted();
      const started = clock();
      const checksum = await step();
      seconds += (clock() - started) / 1000;
      if (!Number.isFinite(checksum))
        throw new Error(`The benchmark step produced ${checksum}; the backend is computing garbage.`);
      const perStep = seconds / done;
      emit({
        type: 'progress',
        progress: {
          fraction: done / task.iterations,
          message: `Step ${done} of ${task.iterations} · ${perStep.toFixed(3)} s/step · ${(flops / perStep / 1e9).toFixed(1)} GFLOP/s`,
          done,
          total: task.iterations,
          etaSeconds: perStep * (task.iterations - done),
        },
      });
    }
    const secondsPerIteration = seconds / task.iterations;
    return {
      backend: context.backend.name,
      iterations: task.iterations,
      secondsPerIteration,
      gflopsPerSecond: flops / secondsPerIteration / 1e9,
    };
  } finally {
    tf.dispose([images, ...weights]);
  }
}
