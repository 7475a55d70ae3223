/**
 * A 64-bit DCT perceptual hash (pHash): the low 8x8 frequencies of a 32x32 grayscale image, each bit
 * saying whether a coefficient is above their median (the DC term left out). Near-identical images
 * (re-encoded, resized, slightly brightened) differ in a few bits; different images in about half.
 */
const N = 32;
const cosines = (() => {
  const table = new Float64Array(8 * N);
  for (let u = 0; u < 8; u++)
    for (let x = 0; x < N; x++) table[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
  return table;
})();

export function perceptualHash(gray32: Uint8Array): string {
  if (gray32.length !== N * N) throw new Error(`perceptualHash needs ${N}x${N} grayscale pixels`);
  // Separable 2-D DCT-II, only the 8x8 lowest frequencies: rows first, then columns.
  const rows = new Float64Array(N * 8);
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let x = 0; x < N; x++) sum += (gray32[y * N + x] ?? 0) * (cosines[u * N + x] ?? 0);
      rows[y * 8 + u] = sum;
    }
  }
  const coefficients = new Float64Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let y = 0; y < N; y++) sum += (rows[y * 8 + u] ?? 0) * (cosines[v * N + y] ?? 0);
      coefficients[v * 8 + u] = sum;
    }
  }
  const ac = [...coefficients.slice(1)].sort((a, b) => a - b);
  const median = ((ac[31] ?? 0) + (ac[32] ?? 0)) / 2;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let value = 0;
    for (let bit = 0; bit < 4; bit++)
      value = (value << 1) | ((coefficients[nibble * 4 + bit] ?? 0) > median ? 1 : 0);
    hex += value.toString(16);
  }
  return hex;
}

export function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Hashes as pairs of uint32 halves, for fast all-pairs comparison. */
export function hashHalves(hashes: string[]): Uint32Array {
  const halves = new Uint32Array(hashes.length * 2);
  hashes.forEach((hash, i) => {
    halves[i * 2] = Number.parseInt(hash.slice(0, 8), 16) >>> 0;
    halves[i * 2 + 1] = Number.parseInt(hash.slice(8, 16), 16) >>> 0;
  });
  return halves;
}

export function hammingDistance(halves: Uint32Array, i: number, j: number): number {
  return (
    popcount32(((halves[i * 2] ?? 0) ^ (halves[j * 2] ?? 0)) >>> 0) +
    popcount32(((halves[i * 2 + 1] ?? 0) ^ (halves[j * 2 + 1] ?? 0)) >>> 0)
  );
}
