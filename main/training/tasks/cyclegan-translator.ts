import * as tf from '@tensorflow/tfjs';
import { createResnetGenerator } from '../../models/cyclegan.js';
import { readCheckpoint } from '../gan/checkpoint-files.js';
import { cycleganConfig, cycleganParts, restoreWeights } from '../gan/cyclegan-trainer.js';
import { toBytes } from '../gan/sample-grid.js';

/** The A→B generator (G) of one CycleGAN checkpoint, ready to translate images at the model's size. */
export interface LoadedTranslator {
  step: number;
  size: number;
  model: tf.LayersModel;
}

export async function loadTranslatorAB(runDir: string, step: number): Promise<LoadedTranslator> {
  const loaded = await readCheckpoint(runDir, step);
  const { settings } = loaded.manifest;
  try {
    if (settings.model !== 'cyclegan') throw new Error(`The checkpoint at step ${step} is not a CycleGAN's.`);
    const model = createResnetGenerator(cycleganConfig(settings), cycleganParts.generatorAB);
    try {
      restoreWeights(cycleganParts.generatorAB, model, (name) => {
        const tensor = loaded.tensors.get(name);
        if (!tensor) throw new Error(`The checkpoint at step ${loaded.manifest.step} has no ${name}.`);
        return tensor;
      });
    } catch (error) {
      model.dispose();
      throw error;
    }
    return { step: loaded.manifest.step, size: settings.size, model };
  } finally {
    tf.dispose([...loaded.tensors.values()]);
  }
}

/** Translates `count` packed RGB images (bytes, the model's size) in one pass, as bytes. */
export async function translateBytes(
  translator: LoadedTranslator,
  images: Uint8Array,
  count: number,
): Promise<Uint8Array> {
  const { size } = translator;
  const output = tf.tidy(() => {
    const input = tf.tensor4d(images.subarray(0, count * size * size * 3), [count, size, size, 3], 'int32');
    return translator.model.apply(input.toFloat().div(127.5).sub(1), { training: false }) as tf.Tensor4D;
  });
  const bytes = toBytes(await output.data<'float32'>());
  output.dispose();
  return bytes;
}
