/**
 * The gradient of reflection padding by p (height and width, NHWC), folded in one pass per axis:
 * each source pixel receives the gradient of its own position and of each mirrored copy of it.
 *
 * The additions are those of differentiating ReflectionPadding2D's definition by reversed slices
 * and concatenation, in the same order, each rounded to float32 (a Float32Array store rounds
 * JavaScript's double sum of two floats to exactly the float32 sum): the width is folded first
 * (the last axis mirrored), then the height; along each, (centre + far copy) + near copy, where
 * tfjs's backward pass adds the later slice's gradient first and a missing copy adds a zero.
 */
export function foldReflectionPadGradient(
  dy: Float32Array,
  [batch, height, width, channels]: readonly [number, number, number, number],
  p: number,
): Float32Array {
  const paddedHeight = height + 2 * p;
  // Width first: [batch, paddedHeight, paddedWidth, C] -> [batch, paddedHeight, width, C].
  const rowsFolded = new Float32Array(batch * paddedHeight * width * channels);
  foldAxis(dy, rowsFolded, batch * paddedHeight, width, channels, p);
  // Then the height: [batch, paddedHeight, width·C] -> [batch, height, width·C].
  const folded = new Float32Array(batch * height * width * channels);
  foldAxis(rowsFolded, folded, batch, height, width * channels, p);
  return folded;
}

/**
 * Folds an axis of length n + 2p (between `outer` leading and `inner` trailing elements) onto n:
 * position c gets padded position p + c, plus p + n + (n − 2 − c) where the far copy holds c
 * (c in [n − 1 − p, n − 2]), plus p − c where the near copy does (c in [1, p]).
 */
function foldAxis(
  source: Float32Array,
  target: Float32Array,
  outer: number,
  n: number,
  inner: number,
  p: number,
): void {
  const padded = n + 2 * p;
  for (let o = 0; o < outer; o++) {
    const from = o * padded * inner;
    const to = o * n * inner;
    for (let c = 0; c < n; c++) {
      const centre = from + (p + c) * inner;
      const far = c >= n - 1 - p && c <= n - 2 ? from + (p + n + (n - 2 - c)) * inner : -1;
      const near = c >= 1 && c <= p ? from + (p - c) * inner : -1;
      const out = to + c * inner;
      for (let k = 0; k < inner; k++) {
        target[out + k] = (source[centre + k] ?? 0) + (far < 0 ? 0 : (source[far + k] ?? 0));
        target[out + k] = (target[out + k] ?? 0) + (near < 0 ? 0 : (source[near + k] ?? 0));
      }
    }
  }
}
