/**
 * Eigenvalues (and optionally eigenvectors) of a real symmetric matrix by the cyclic Jacobi method:
 * each rotation zeroes one off-diagonal pair (a_pq) with the angle tan(2θ) = 2a_pq / (a_qq − a_pp),
 * until the off-diagonal mass is negligible. Slow (O(n³) a sweep) but exact to rounding and simple;
 * Ganvas only needs it for matrices of a few hundred rows.
 */
export interface SymmetricEigen {
  /** Largest first. */
  values: Float64Array;
  /** Row i is the unit eigenvector of values[i]; empty unless asked for. */
  vectors: Float64Array[];
}

const maxSweeps = 60;

/** `matrix` is n×n, row-major, and must be symmetric (only its upper triangle is read). */
export function symmetricEigen(matrix: Float64Array, n: number, withVectors = false): SymmetricEigen {
  if (matrix.length !== n * n) throw new Error(`Expected ${n * n} values for a ${n}×${n} matrix.`);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = matrix[i * n + j] ?? 0;
      a[i * n + j] = value;
      a[j * n + i] = value;
    }
  }
  const v = withVectors ? identity(n) : null;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += (a[i] ?? 0) ** 2;
  const tolerance = 1e-22 * Math.max(scale, 1e-300);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] ?? 0) ** 2;
    if (off <= tolerance) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] ?? 0;
        if (apq === 0) continue;
        const app = a[p * n + p] ?? 0;
        const aqq = a[q * n + q] ?? 0;
        const theta = (aqq - app) / (2 * apq);
        // The smaller root of t² + 2θt − 1 = 0: the rotation of at most 45°, the stable one.
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, n, p, q, c, s);
        if (v) rotateRows(v, n, p, q, c, s);
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (a[j * n + j] ?? 0) - (a[i * n + i] ?? 0),
  );
  return {
    values: Float64Array.from(order, (i) => a[i * n + i] ?? 0),
    vectors: v ? order.map((i) => v.slice(i * n, (i + 1) * n)) : [],
  };
}

/** A ← JᵀAJ for the rotation J in the (p, q) plane. */
function rotate(a: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p] ?? 0;
    const akq = a[k * n + q] ?? 0;
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k] ?? 0;
    const aqk = a[q * n + k] ?? 0;
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
}

/** Eigenvectors are kept as rows: row p and q turn with the same rotation. */
function rotateRows(v: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const vp = v[p * n + k] ?? 0;
    const vq = v[q * n + k] ?? 0;
    v[p * n + k] = c * vp - s * vq;
    v[q * n + k] = s * vp + c * vq;
  }
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** The symmetric square root of a symmetric positive semi-definite matrix: V·diag(√λ)·Vᵀ (λ < 0 from rounding taken as 0). */
export function symmetricSqrt(matrix: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, n, true);
  const out = new Float64Array(n * n);
  values.forEach((value, k) => {
    const root = Math.sqrt(Math.max(0, value));
    if (root === 0) return;
    const vector = vectors[k] ?? new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const vi = root * (vector[i] ?? 0);
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] ?? 0) + vi * (vector[j] ?? 0);
    }
  });
  return out;
}
