import type { LatentPoint, LatentSpec } from '../contract/index.js';
import { pathAt, type Latent } from './interpolate.js';
import { latentForSeed } from './seed-latent.js';

/**
 * The latent a description stands for. Directions are unit vectors, so a move of `amount` is that
 * many standard deviations of z along it.
 */
export function resolveLatent(spec: LatentSpec, latentDim: number, directions: readonly Latent[]): Latent {
  if ('point' in spec) return resolvePoint(spec.point, latentDim, directions);
  if ('path' in spec) {
    const keyframes = spec.path.map((point) => resolvePoint(point, latentDim, directions));
    return pathAt(keyframes, spec.t, spec.options);
  }
  // Vector arithmetic on faces in the DCGAN paper (section 6): A − B + C.
  const [a, b, c] = [spec.arithmetic.a, spec.arithmetic.b, spec.arithmetic.c].map((point) =>
    resolvePoint(point, latentDim, directions),
  );
  return Float32Array.from({ length: latentDim }, (_, i) => (a?.[i] ?? 0) - (b?.[i] ?? 0) + (c?.[i] ?? 0));
}

export function resolvePoint(point: LatentPoint, latentDim: number, directions: readonly Latent[]): Latent {
  const z = latentForSeed(point.seed, latentDim, point.truncation);
  for (const move of point.moves) {
    const direction = directions[move.direction];
    if (!direction) throw new Error(`This model has no direction ${move.direction + 1}.`);
    for (let i = 0; i < latentDim; i++) z[i] = (z[i] ?? 0) + move.amount * (direction[i] ?? 0);
  }
  for (const { index, value } of point.dimensions) if (index < latentDim) z[index] = value;
  return z;
}

/** Whether drawing the spec needs the checkpoint's directions. */
export function usesDirections(spec: LatentSpec): boolean {
  const points = 'point' in spec ? [spec.point] : 'path' in spec ? spec.path : Object.values(spec.arithmetic);
  return points.some((point) => point.moves.length > 0);
}
