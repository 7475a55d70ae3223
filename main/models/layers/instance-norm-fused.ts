/** What the forward pass keeps for the backward pass: the normalised input and 1/σ per (image, channel). */
export interface InstanceNormSaved {
  normalised: Float32Array;
  inverseDeviation: Float64Array;
}

/**
 * Instance normalisation forward (Ulyanov et al., 2016, eq. 4), per image n and channel c over the
 * H·W pixels: μ = mean(x), σ² = mean((x − μ)²), x̂ = (x − μ) / √(σ² + ε), y = γ_c · x̂ + β_c.
 * Sums in double precision (more exact than tfjs's float32 moments), results rounded to float32.
 * `x` is NHWC, viewed as [images, pixels, channels].
 */
export function instanceNormForward(
  x: Float32Array,
  [images, pixels, channels]: readonly [number, number, number],
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
): { y: Float32Array; saved: InstanceNormSaved } {
  const y = new Float32Array(x.length);
  const normalised = new Float32Array(x.length);
  const inverseDeviation = new Float64Array(images * channels);
  const sums = new Float64Array(channels);
  for (let n = 0; n < images; n++) {
    const base = n * pixels * channels;
    sums.fill(0);
    for (let p = 0, i = base; p < pixels; p++)
      for (let c = 0; c < channels; c++, i++) sums[c] = (sums[c] as number) + (x[i] as number);
    const means = sums.map((sum) => sum / pixels);
    sums.fill(0);
    for (let p = 0, i = base; p < pixels; p++)
      for (let c = 0; c < channels; c++, i++) {
        const d = (x[i] as number) - (means[c] as number);
        sums[c] = (sums[c] as number) + d * d;
      }
    for (let c = 0; c < channels; c++)
      inverseDeviation[n * channels + c] = 1 / Math.sqrt((sums[c] as number) / pixels + epsilon);
    const inverse = inverseDeviation.subarray(n * channels, (n + 1) * channels);
    for (let p = 0, i = base; p < pixels; p++)
      for (let c = 0; c < channels; c++, i++) {
        const xHat = ((x[i] as number) - (means[c] as number)) * (inverse[c] as number);
        normalised[i] = xHat;
        y[i] = (gamma[c] as number) * xHat + (beta[c] as number);
      }
  }
  return { y, saved: { normalised, inverseDeviation } };
}

/**
 * The gradients of instanceNormForward, from the chain rule through μ and σ (per image and channel,
 * N = H·W, g = dy·γ): dx = (1/σ) · (g − mean(g) − x̂ · mean(g · x̂)), dγ = Σ dy · x̂, dβ = Σ dy,
 * the last two summed over images and pixels.
 */
export function instanceNormBackward(
  dy: Float32Array,
  [images, pixels, channels]: readonly [number, number, number],
  gamma: Float32Array,
  { normalised, inverseDeviation }: InstanceNormSaved,
): { dx: Float32Array; dGamma: Float32Array; dBeta: Float32Array } {
  const dx = new Float32Array(dy.length);
  const dGamma = new Float64Array(channels);
  const dBeta = new Float64Array(channels);
  const sumG = new Float64Array(channels);
  const sumGxHat = new Float64Array(channels);
  for (let n = 0; n < images; n++) {
    const base = n * pixels * channels;
    sumG.fill(0);
    sumGxHat.fill(0);
    for (let p = 0, i = base; p < pixels; p++)
      for (let c = 0; c < channels; c++, i++) {
        const d = dy[i] as number;
        const xHat = normalised[i] as number;
        dBeta[c] = (dBeta[c] as number) + d;
        dGamma[c] = (dGamma[c] as number) + d * xHat;
        const g = d * (gamma[c] as number);
        sumG[c] = (sumG[c] as number) + g;
        sumGxHat[c] = (sumGxHat[c] as number) + g * xHat;
      }
    for (let c = 0; c < channels; c++) {
      sumG[c] = (sumG[c] as number) / pixels;
      sumGxHat[c] = (sumGxHat[c] as number) / pixels;
    }
    for (let p = 0, i = base; p < pixels; p++)
      for (let c = 0; c < channels; c++, i++) {
        const g = (dy[i] as number) * (gamma[c] as number);
        dx[i] =
          (inverseDeviation[n * channels + c] as number) *
          (g - (sumG[c] as number) - (normalised[i] as number) * (sumGxHat[c] as number));
      }
  }
  return { dx, dGamma: Float32Array.from(dGamma), dBeta: Float32Array.from(dBeta) };
}
