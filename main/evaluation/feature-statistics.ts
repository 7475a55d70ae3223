import { symmetricEigen, symmetricSqrt } from './symmetric-eigen.js';

/** Feature vectors, one per image, all of one length. */
export type Features = readonly Float32Array[];

export function dimensionOf(features: Features): number {
  const d = features[0]?.length ?? 0;
  if (features.some((f) => f.length !== d)) throw new Error('Feature vectors differ in length.');
  return d;
}

export function meanOf(features: Features): Float64Array {
  const d = dimensionOf(features);
  const mean = new Float64Array(d);
  for (const f of features) for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (f[j] ?? 0);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) / Math.max(1, features.length);
  return mean;
}

/** Rows (x_i − μ)/√(n−1), so AᵀA is the unbiased sample covariance and AAᵀ its n×n Gram twin. */
function centredRows(features: Features): Float64Array[] {
  const mean = meanOf(features);
  const norm = 1 / Math.sqrt(Math.max(1, features.length - 1));
  return features.map((f) => Float64Array.from(mean, (m, j) => ((f[j] ?? 0) - m) * norm));
}

/** M = A·Bᵀ for row sets A (m×d) and B (k×d). */
function crossProduct(a: readonly Float64Array[], b: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(a.length * b.length);
  a.forEach((row, i) => b.forEach((other, j) => (out[i * b.length + j] = dot(row, other))));
  return out;
}

/** C = AᵀA (d×d). */
function covarianceFromRows(rows: readonly Float64Array[], d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (const row of rows) {
    for (let i = 0; i < d; i++) {
      const ri = row[i] ?? 0;
      if (ri === 0) continue;
      for (let j = i; j < d; j++) out[i * d + j] = (out[i * d + j] ?? 0) + ri * (row[j] ?? 0);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) out[i * d + j] = out[j * d + i] ?? 0;
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/**
 * The eigenvalues of the sample covariance, largest first (at most min(n − 1, d) of them are not 0).
 * Computed from whichever of AᵀA (d×d) and AAᵀ (n×n) is smaller: both share their non-zero eigenvalues.
 */
export function covarianceSpectrum(features: Features): number[] {
  const d = dimensionOf(features);
  const rows = centredRows(features);
  const n = rows.length;
  const { values } =
    d <= n ? symmetricEigen(covarianceFromRows(rows, d), d) : symmetricEigen(crossProduct(rows, rows), n);
  return Array.from(values, (v) => Math.max(0, v));
}

/** How many of the strongest directions it takes to hold `share` of the total variance. */
export function directionsHolding(spectrum: readonly number[], share: number): number {
  const total = spectrum.reduce((sum, v) => sum + v, 0);
  if (total <= 0) return 0;
  let held = 0;
  for (let k = 0; k < spectrum.length; k++) {
    held += spectrum[k] ?? 0;
    if (held >= share * total - 1e-12 * total) return k + 1;
  }
  return spectrum.length;
}

/**
 * The Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017, eq. 6):
 * d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½).
 * Tr((Σ₁Σ₂)^½) = Tr((Σ₁^½ Σ₂ Σ₁^½)^½), a symmetric PSD root. With Σ = AᵀA it is also the sum of the
 * singular values of A₁A₂ᵀ (the eigenvalues of Σ₁Σ₂ are those of A₁A₂ᵀA₂A₁ᵀ), an n×n problem when
 * there are fewer images than feature dimensions, as is usual here.
 */
export function frechetDistance(a: Features, b: Features): number {
  const d = dimensionOf(a);
  if (dimensionOf(b) !== d) throw new Error('The two feature sets differ in dimension.');
  if (a.length < 2 || b.length < 2) throw new Error('The Fréchet distance needs at least 2 images per set.');
  const muA = meanOf(a);
  const muB = meanOf(b);
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += ((muA[j] ?? 0) - (muB[j] ?? 0)) ** 2;
  const rowsA = centredRows(a);
  const rowsB = centredRows(b);
  const traceA = rowsA.reduce((sum, r) => sum + dot(r, r), 0);
  const traceB = rowsB.reduce((sum, r) => sum + dot(r, r), 0);
  const crossTrace =
    Math.min(rowsA.length, rowsB.length) < d ? nuclearNorm(rowsA, rowsB) : rootTrace(rowsA, rowsB, d);
  return Math.max(0, meanTerm + traceA + traceB - 2 * crossTrace);
}

/** Σ singular values of A·Bᵀ = Σ √eig((ABᵀ)(ABᵀ)ᵀ), on the smaller side. */
function nuclearNorm(rowsA: readonly Float64Array[], rowsB: readonly Float64Array[]): number {
  const [small, large] = rowsA.length <= rowsB.length ? [rowsA, rowsB] : [rowsB, rowsA];
  const m = crossProduct(small, large);
  const k = small.length;
  const gram = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let sum = 0;
      for (let t = 0; t < large.length; t++)
        sum += (m[i * large.length + t] ?? 0) * (m[j * large.length + t] ?? 0);
      gram[i * k + j] = sum;
      gram[j * k + i] = sum;
    }
  }
  return Array.from(symmetricEigen(gram, k).values).reduce((sum, v) => sum + Math.sqrt(Math.max(0, v)), 0);
}

/** Tr((Σ₁^½ Σ₂ Σ₁^½)^½) in feature space (d×d). */
function rootTrace(rowsA: readonly Float64Array[], rowsB: readonly Float64Array[], d: number): number {
  const rootA = symmetricSqrt(covarianceFromRows(rowsA, d), d);
  const middle = multiply(multiply(rootA, covarianceFromRows(rowsB, d), d), rootA, d);
  // Symmetrise away rounding before the eigen-decomposition.
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const mean = ((middle[i * d + j] ?? 0) + (middle[j * d + i] ?? 0)) / 2;
      middle[i * d + j] = mean;
      middle[j * d + i] = mean;
    }
  }
  return Array.from(symmetricEigen(middle, d).values).reduce((sum, v) => sum + Math.sqrt(Math.max(0, v)), 0);
}

function multiply(x: Float64Array, y: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const xik = x[i * d + k] ?? 0;
      if (xik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] = (out[i * d + j] ?? 0) + xik * (y[k * d + j] ?? 0);
    }
  }
  return out;
}

/**
 * The kernel inception distance (Bińkowski et al. 2018): the unbiased estimate of MMD² with the cubic
 * polynomial kernel k(x, y) = (xᵀy/d + 1)³ (their eq. 5 with the U-statistics of Gretton et al.):
 * 1/(m(m−1)) Σ_{i≠j} k(xᵢ,xⱼ) + 1/(n(n−1)) Σ_{i≠j} k(yᵢ,yⱼ) − 2/(mn) Σ_{i,j} k(xᵢ,yⱼ).
 * Unbiased, so it can dip below 0 when the sets come from one distribution.
 */
export function kernelDistance(a: Features, b: Features): number {
  const d = dimensionOf(a);
  if (dimensionOf(b) !== d) throw new Error('The two feature sets differ in dimension.');
  if (a.length < 2 || b.length < 2) throw new Error('The kernel distance needs at least 2 images per set.');
  const k = (x: Float32Array, y: Float32Array) => (dot(x, y) / d + 1) ** 3;
  const within = (set: Features) => {
    let sum = 0;
    set.forEach((x, i) => {
      for (const y of set.slice(i + 1)) sum += 2 * k(x, y);
    });
    return sum / (set.length * (set.length - 1));
  };
  let across = 0;
  for (const x of a) for (const y of b) across += k(x, y);
  return within(a) + within(b) - (2 * across) / (a.length * b.length);
}
