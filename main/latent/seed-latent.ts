import { normalFrom, randomFor } from '../random/counter-random.js';
import type { Latent } from './interpolate.js';

/** The stream tag of seed latents, apart from training's own random streams. */
const seedStream = 0x5eed;

/**
 * The latent of a seed: z ~ N(0, I) drawn from the seed alone, so a seed names the same image on
 * every machine and in every session. `truncation` scales z (below 1: typical, less varied images;
 * above 1: wilder ones), the simple form of the truncation trick (Brock et al., 2019).
 */
export function latentForSeed(seed: number, dimensions: number, truncation = 1): Latent {
  const random = randomFor(seed, seedStream);
  const out = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = normalFrom(random) * truncation;
  return out;
}
