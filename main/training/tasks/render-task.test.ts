import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendInfo } from '../../contract/index.js';
import { GeneratorCache, generateImages } from '../../latent/checkpoint-generator.js';
import { latentForSeed } from '../../latent/seed-latent.js';
import { inProcessContext } from '../test-support/in-process-context.js';
import { trainTinyDcgan } from '../test-support/tiny-dcgan.js';
import { findDirections, renderLatents } from './render-task.js';

let backend: BackendInfo;
let projectRoot: string;
const latentDim = 8;

const context = () => inProcessContext(backend).ctx;

beforeAll(async () => {
  const count = 8;
  const images = new Uint8Array(count * 32 * 32 * 3).map((_, i) => (i * 7) % 256);
  ({ backend, projectRoot } = await trainTinyDcgan('ganvas-render-', { images, count }, { latentDim }));
}, 60_000);

const render = (seeds: number[], step: number | null = null) =>
  renderLatents(
    {
      kind: 'render',
      projectRoot,
      runId: 'r',
      step,
      latents: seeds.map((seed) => Array.from(latentForSeed(seed, latentDim))),
      useEma: true,
    },
    context(),
  );

describe('the explorer’s drawing', () => {
  it('draws the same pixels for the same seed and checkpoint, other pixels for other seeds', async () => {
    const first = await render([1, 2]);
    const again = await render([1, 2]);
    expect(first.step).toBe(2);
    expect(first.size).toBe(32);
    expect(again.images).toEqual(first.images);
    // A barely trained generator's images differ below one grey level, so compare them before rounding.
    const generator = await new GeneratorCache().get(projectRoot, 'r', null, true);
    const drawn = generateImages(generator, [latentForSeed(1, latentDim), latentForSeed(2, latentDim)]);
    const [a, b] = tf.unstack(drawn).map((image) => Array.from(image.dataSync()));
    expect(a).not.toEqual(b);
    tf.dispose(drawn);
    generator.model.dispose();
    expect(
      Buffer.from(first.images[0] ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('draws from an older checkpoint when asked', async () => {
    expect((await render([1], 0)).step).toBe(0);
    expect((await render([1], 2)).step).toBe(2);
  });

  it('finds unit-length directions, strongest first', async () => {
    const found = await findDirections(
      { kind: 'directions', projectRoot, runId: 'r', step: null, count: 3, samples: 64, useEma: true },
      context(),
    );
    expect(found.directions).toHaveLength(3);
    for (const direction of found.directions) expect(Math.hypot(...direction)).toBeCloseTo(1, 4);
    expect(found.variances[0]).toBeGreaterThanOrEqual(found.variances[1] ?? Infinity);
  });
});
