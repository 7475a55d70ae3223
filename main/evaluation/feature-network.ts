import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { FeatureNetworkInfo } from '../contract/index.js';
import { seededRandom } from '../random/seeded-random.js';

/** Turns images into feature vectors, the space every distance of the evaluation is measured in. */
export interface FeatureNetwork {
  info: FeatureNetworkInfo;
  /** `count` square RGB images of `size` px, packed as bytes. */
  features(images: Uint8Array, count: number, size: number): Float32Array[];
  dispose(): void;
}

/** MobileNetV2 runs at this size: its weights were trained at 224 px, but it is fully convolutional. */
const mobilenetInput = 128;
/** Images per forward pass. */
const chunk = 16;
const trunkOutput = 'out_relu';

export const mobilenetLabel =
  'MobileNetV2 features (ImageNet weights as bundled, 8-bit, in the nsfwjs package; images resized to 128 px). Distances compare checkpoints within Ganvas, not with published FID tables (which use Inception-v3 at 299 px).';
export const fallbackLabel =
  'No pretrained network could be loaded (the nsfwjs package is missing), so features come from a fixed random convolutional network plus 8×8 pixels. Distances compare checkpoints within Ganvas only, and say less about what people see.';

/**
 * The pretrained MobileNetV2 shipped inside the nsfwjs npm package (weights as base64 in a JS file,
 * loaded from disk, never from the network), cut after its last convolution and averaged over space:
 * 1280 features. Falls back to a fixed random network when the package cannot be loaded.
 */
export async function loadFeatureNetwork(
  tf: typeof tfjs,
  options: { prefer?: 'mobilenet' | 'fallback'; onFallback?: (reason: string) => void } = {},
): Promise<FeatureNetwork> {
  if (options.prefer !== 'fallback') {
    try {
      return await loadMobilenet(tf);
    } catch (error) {
      options.onFallback?.(error instanceof Error ? error.message : String(error));
    }
  }
  return randomConvNetwork(tf);
}

interface BundledModel {
  modelTopology: {
    model_config: {
      config: { layers: { name: string; config: Record<string, unknown> }[]; output_layers: unknown[] };
    };
  };
  weightsManifest: { weights: tfjs.io.WeightsManifestEntry[] }[];
}

async function loadMobilenet(tf: typeof tfjs): Promise<FeatureNetwork> {
  const require = createRequire(import.meta.url);
  const folder = join(dirname(require.resolve('nsfwjs')), '..', 'models', 'mobilenet_v2');
  const bundled = require(join(folder, 'model.min.js')) as BundledModel;
  const shard = require(join(folder, 'group1-shard1of1.min.js')) as unknown;
  if (typeof shard !== 'string' || !bundled.weightsManifest[0]) {
    throw new Error('The nsfwjs package does not hold the MobileNetV2 weights where expected.');
  }
  // Cut after the backbone (its classifier head is fixed to 224 px input) and feed it 128 px.
  const topology = structuredClone(bundled.modelTopology);
  const config = topology.model_config.config;
  const cut = config.layers.findIndex((layer) => layer.name === trunkOutput);
  if (cut < 0) throw new Error(`The bundled MobileNetV2 has no layer ${trunkOutput}.`);
  config.layers = config.layers.slice(0, cut + 1);
  config.output_layers = [[trunkOutput, 0, 0]];
  const input = config.layers[0];
  if (input) input.config.batch_input_shape = [null, mobilenetInput, mobilenetInput, 3];
  const kept = new Set(config.layers.map((layer) => layer.name));
  const bytes = Buffer.from(shard, 'base64');
  const trunk = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: topology,
      weightSpecs: bundled.weightsManifest[0].weights.filter((w) => kept.has(w.name.split('/')[0] ?? '')),
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    }),
  );
  return {
    info: { id: 'mobilenet-v2', label: mobilenetLabel },
    features: (images, count, size) =>
      inChunks(
        images,
        count,
        size,
        (batch) =>
          tf.tidy(() => {
            // Keras' MobileNetV2 preprocessing: pixels to [−1, 1].
            const x = tf.image.resizeBilinear(batch, [mobilenetInput, mobilenetInput]).div(127.5).sub(1);
            return (trunk.predict(x) as tfjs.Tensor4D).mean([1, 2]) as tfjs.Tensor2D;
          }),
        tf,
      ),
    dispose: () => trunk.dispose(),
  };
}

/** A fixed random conv net (seeded He weights): mean and spread of three layers' maps, plus 8×8 pixels. */
function randomConvNetwork(tf: typeof tfjs): FeatureNetwork {
  const random = seededRandom(2024);
  const channels = [3, 32, 64, 96];
  const filters = channels.slice(1).map((out, i) => {
    const inp = channels[i] ?? 3;
    const scale = Math.sqrt(2 / (9 * inp));
    return tf.tensor4d(
      Float32Array.from({ length: 9 * inp * out }, () => (random() * 2 - 1) * scale * Math.sqrt(3)),
      [3, 3, inp, out],
    );
  });
  return {
    info: { id: 'fallback-random-conv', label: fallbackLabel },
    features: (images, count, size) =>
      inChunks(
        images,
        count,
        size,
        (batch) =>
          tf.tidy(() => {
            let x: tfjs.Tensor4D = tf.image.resizeBilinear(batch, [64, 64]).div(127.5).sub(1);
            const parts: tfjs.Tensor2D[] = [tf.image.resizeBilinear(x, [8, 8]).reshape([x.shape[0], -1])];
            for (const filter of filters) {
              x = tf.relu(tf.conv2d(x, filter, 2, 'same'));
              const { mean, variance } = tf.moments(x, [1, 2]);
              parts.push(mean as tfjs.Tensor2D, tf.sqrt(variance) as tfjs.Tensor2D);
            }
            return tf.concat(parts, 1);
          }),
        tf,
      ),
    dispose: () => tf.dispose(filters),
  };
}

function inChunks(
  images: Uint8Array,
  count: number,
  size: number,
  run: (batch: tfjs.Tensor4D) => tfjs.Tensor2D,
  tf: typeof tfjs,
): Float32Array[] {
  const pixels = size * size * 3;
  if (images.length < count * pixels) throw new Error(`Expected ${count} images of ${size} px.`);
  const out: Float32Array[] = [];
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const batch = tf.tensor4d(
      images.subarray(start * pixels, (start + n) * pixels),
      [n, size, size, 3],
      'float32',
    );
    const result = run(batch);
    const values = result.dataSync() as Float32Array;
    const width = result.shape[1];
    tf.dispose([batch, result]);
    for (let i = 0; i < n; i++) out.push(values.slice(i * width, (i + 1) * width));
  }
  return out;
}
