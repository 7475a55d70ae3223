import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seeded-random.js';
import { loadBackend } from '../tf/backend-loader.js';
import { frechetDistance } from './feature-statistics.js';
import { loadFeatureNetwork } from './feature-network.js';

beforeAll(async () => {
  await loadBackend({ setting: 'wasm', env: {} });
});

/** Soft discs of random colour and place (like the sample project), or plain noise. */
function images(count: number, size: number, seed: number, kind: 'discs' | 'noise'): Uint8Array {
  const random = seededRandom(seed);
  const out = new Uint8Array(count * size * size * 3);
  for (let n = 0; n < count; n++) {
    const [cx, cy, r] = [random() * size, random() * size, size * (0.2 + random() * 0.2)];
    const colour = [random() * 255, random() * 255, random() * 255];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = (x - cx) ** 2 + (y - cy) ** 2 < r * r;
        for (let c = 0; c < 3; c++) {
          out[((n * size + y) * size + x) * 3 + c] =
            kind === 'noise' ? random() * 255 : inside ? (colour[c] ?? 0) : 230;
        }
      }
    }
  }
  return out;
}

describe.each(['mobilenet', 'fallback'] as const)('feature network (%s)', (prefer) => {
  it('loads from disk, gives one repeatable vector per image, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const network = await loadFeatureNetwork(tf, { prefer, onFallback: (reason) => expect.fail(reason) });
    expect(network.info.id).toBe(prefer === 'mobilenet' ? 'mobilenet-v2' : 'fallback-random-conv');
    expect(network.info.label).toMatch(/within Ganvas/);
    const set = images(5, 32, 1, 'discs');
    const first = network.features(set, 5, 32);
    expect(first).toHaveLength(5);
    expect(first[0]?.length).toBe(prefer === 'mobilenet' ? 1280 : 192 + 2 * (32 + 64 + 96));
    expect(network.features(set, 5, 32)).toEqual(first);
    expect(first[0]).not.toEqual(first[1]);
    network.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('puts two sets of one kind of picture closer together than pictures and noise', async () => {
    const network = await loadFeatureNetwork(tf, { prefer, onFallback: (reason) => expect.fail(reason) });
    const discs = network.features(images(24, 32, 2, 'discs'), 24, 32);
    const moreDiscs = network.features(images(24, 32, 3, 'discs'), 24, 32);
    const noise = network.features(images(24, 32, 4, 'noise'), 24, 32);
    network.dispose();
    expect(frechetDistance(discs, moreDiscs) * 2).toBeLessThan(frechetDistance(discs, noise));
  }, 60_000);
});

it('falls back to the random network, saying why, when asked to', async () => {
  const network = await loadFeatureNetwork(tf, { prefer: 'fallback' });
  expect(network.info.label).toMatch(/No pretrained network/);
  network.dispose();
});
