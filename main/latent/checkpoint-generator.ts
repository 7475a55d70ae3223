import * as tf from '@tensorflow/tfjs';
import { createGenerator } from '../models/dcgan.js';
import { readCheckpoint, readNewestCheckpoint } from '../training/gan/checkpoint-files.js';
import { listCheckpoints, runFolder } from '../training/run-files.js';

/** A run's generator at one checkpoint, ready to draw images. */
export interface LoadedGenerator {
  key: string;
  step: number;
  size: number;
  latentDim: number;
  model: tf.LayersModel;
}

/**
 * Loads the generator of one checkpoint — the moving average (EMA) or the trained weights — without
 * the discriminator or the optimizers. The last one loaded is kept, since an explorer asks the same
 * checkpoint for frame after frame.
 */
export class GeneratorCache {
  private current: LoadedGenerator | null = null;

  async get(
    projectRoot: string,
    runId: string,
    step: number | null,
    useEma: boolean,
  ): Promise<LoadedGenerator> {
    const runDir = runFolder(projectRoot, runId);
    // The newest checkpoint by name (a directory listing), so asking for "newest" frame after frame
    // does not read a whole checkpoint each time.
    const newest = step === null ? (await listCheckpoints(runDir)).at(-1)?.step : step;
    const wanted = newest === undefined ? null : `${runDir}:${newest}:${useEma}`;
    if (wanted !== null && this.current?.key === wanted) return this.current;
    const loaded =
      step === null
        ? await readNewestCheckpoint(runDir, () => undefined)
        : await readCheckpoint(runDir, step);
    if (!loaded) throw new Error('This run has no checkpoint yet: train it for a while first.');
    const key = `${runDir}:${loaded.manifest.step}:${useEma}`;
    if (this.current?.key === key) {
      tf.dispose([...loaded.tensors.values()]);
      return this.current;
    }
    const { settings } = loaded.manifest;
    const model = createGenerator({
      size: settings.size,
      latentDim: settings.latentDim,
      width: settings.width,
    });
    // EMA weights when the run keeps an average (decay > 0); the generator's own otherwise.
    const prefix = useEma && settings.emaDecay > 0 ? 'ema' : 'generator';
    try {
      model.weights.forEach((weight, i) => {
        const tensor = loaded.tensors.get(`${prefix}/${i}`);
        if (!tensor) throw new Error(`The checkpoint at step ${loaded.manifest.step} has no ${prefix}/${i}.`);
        weight.write(tensor);
      });
    } catch (error) {
      model.dispose();
      throw error;
    } finally {
      tf.dispose([...loaded.tensors.values()]);
    }
    this.dispose();
    this.current = {
      key,
      step: loaded.manifest.step,
      size: settings.size,
      latentDim: settings.latentDim,
      model,
    };
    return this.current;
  }

  dispose(): void {
    this.current?.model.dispose();
    this.current = null;
  }
}

/** Images in [-1, 1] for the latents (inference mode). */
export function generateImages(
  generator: LoadedGenerator,
  latents: readonly ArrayLike<number>[],
): tf.Tensor4D {
  return tf.tidy(() => {
    const z = tf.tensor2d(
      latents.flatMap((latent) => Array.from({ length: generator.latentDim }, (_, j) => latent[j] ?? 0)),
      [latents.length, generator.latentDim],
    );
    return generator.model.apply(z, { training: false }) as tf.Tensor4D;
  });
}

/**
 * The generator's early features for GANSpace: the output of its first block (projection of z,
 * reshape, batchnorm, ReLU), where the image's layout is decided.
 */
export function earlyFeatures(
  generator: LoadedGenerator,
  latents: readonly ArrayLike<number>[],
): Float32Array[] {
  return tf.tidy(() => {
    let x: tf.Tensor = tf.tensor2d(
      latents.flatMap((latent) => Array.from({ length: generator.latentDim }, (_, j) => latent[j] ?? 0)),
      [latents.length, generator.latentDim],
    );
    for (const layer of generator.model.layers.slice(0, 4))
      x = layer.apply(x, { training: false }) as tf.Tensor;
    const flat = x.reshape([latents.length, -1]);
    const values = flat.dataSync() as Float32Array;
    const width = flat.shape[1] ?? 0;
    return latents.map((_, i) => values.slice(i * width, (i + 1) * width));
  });
}
