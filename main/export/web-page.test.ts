import { describe, expect, it } from 'vitest';
import { latentForSeed } from '../latent/seed-latent.js';
import { latentScript, webPageHtml } from './web-page.js';

describe('the exported web page', () => {
  it('draws the same latent for a seed as the app does', () => {
    const pageLatent = new Function(`${latentScript}; return ganvasLatentForSeed;`)() as (
      seed: number,
      dimensions: number,
      truncation: number,
    ) => Float32Array;
    for (const seed of [0, 1, 7, 123_456, 2 ** 31 - 1]) {
      expect(pageLatent(seed, 100, 1)).toEqual(latentForSeed(seed, 100));
      expect(pageLatent(seed, 16, 0.7)).toEqual(latentForSeed(seed, 16, 0.7));
    }
  });

  it('loads TensorFlow.js and the model from files beside it, never from the network', () => {
    const html = webPageHtml('Moths <3', 64);
    const sources = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual(['tf.min.js', 'model-data.js']);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('<title>Moths &lt;3</title>');
  });
});
