import type { Latent } from './interpolate.js';

export interface PrincipalDirections {
  /** Unit vectors in latent space, the strongest first. */
  directions: Latent[];
  /** The variance of the features along each direction's component (how much it changes the image). */
  variances: number[];
}

/**
 * GANSpace (Härkönen et al., 2020) for a generator without a mapping network: sample latents z_i,
 * take the generator's early features y_i = f(z_i), find the principal components of the y_i, and
 * regress the latents on each component's coordinates to get the latent direction that moves the
 * image along it. Directions found this way follow what the model itself varies most.
 *
 * Works on the Gram matrix K = Y_c Y_cᵀ of the centred features (n×n, cheap when there are fewer
 * samples than features): its unit eigenvectors a_k give the component coordinates x_k = √λ_k · a_k,
 * and the least-squares direction is u_k = Zᵀ x_k / (x_kᵀ x_k) = Zᵀ a_k / √λ_k, then normalised.
 */
export function principalDirections(
  latents: readonly Latent[],
  features: readonly Float32Array[],
  count: number,
  iterations = 200,
): PrincipalDirections {
  const n = latents.length;
  if (n !== features.length || n < 2)
    throw new Error('Need the same number (two or more) of latents and features.');
  const gram = centredGram(features);
  const directions: Latent[] = [];
  const variances: number[] = [];
  const found: Float64Array[] = [];
  for (let k = 0; k < Math.min(count, n - 1); k++) {
    const { vector, value } = topEigen(gram, n, found, iterations, k + 1);
    if (value <= 1e-9) break;
    found.push(vector);
    const dimensions = latents[0]?.length ?? 0;
    const direction = new Float32Array(dimensions);
    for (let i = 0; i < n; i++) {
      const z = latents[i];
      const a = vector[i] ?? 0;
      if (!z) continue;
      for (let j = 0; j < dimensions; j++) direction[j] = (direction[j] ?? 0) + a * (z[j] ?? 0);
    }
    const length = Math.hypot(...direction);
    directions.push(direction.map((x) => x / (length || 1)));
    variances.push(value / (n - 1));
  }
  return { directions, variances };
}

/** K = Y_c Y_cᵀ with Y_c the features minus their mean. */
function centredGram(features: readonly Float32Array[]): Float64Array {
  const n = features.length;
  const d = features[0]?.length ?? 0;
  const mean = new Float64Array(d);
  for (const y of features) for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (y[j] ?? 0) / n;
  const centred = features.map((y) => Float64Array.from(y, (v, j) => v - (mean[j] ?? 0)));
  const gram = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const ya = centred[a] ?? new Float64Array(d);
    for (let b = a; b < n; b++) {
      const yb = centred[b] ?? new Float64Array(d);
      let dot = 0;
      for (let j = 0; j < d; j++) dot += (ya[j] ?? 0) * (yb[j] ?? 0);
      gram[a * n + b] = dot;
      gram[b * n + a] = dot;
    }
  }
  return gram;
}

/** The largest eigenpair of a symmetric matrix, orthogonal to those already found (power iteration with deflation). */
function topEigen(
  matrix: Float64Array,
  n: number,
  found: readonly Float64Array[],
  iterations: number,
  seed: number,
): { vector: Float64Array; value: number } {
  let v = Float64Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233));
  let value = 0;
  for (let it = 0; it < iterations; it++) {
    for (const u of found) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (u[i] ?? 0) * (v[i] ?? 0);
      for (let i = 0; i < n; i++) v[i] = (v[i] ?? 0) - dot * (u[i] ?? 0);
    }
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += (matrix[i * n + j] ?? 0) * (v[j] ?? 0);
      next[i] = sum;
    }
    const length = Math.hypot(...next);
    if (length === 0) return { vector: v, value: 0 };
    value = length;
    v = next.map((x) => x / length);
  }
  return { vector: v, value };
}
