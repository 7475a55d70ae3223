/**
 * Exponential moving average with bias correction (as Adam corrects its moments), so the smoothed
 * curve starts at the first value instead of creeping up from zero. `weight` 0 is no smoothing.
 */
export function smooth(values: readonly number[], weight: number): number[] {
  const out: number[] = [];
  let average = 0;
  let correction = 1;
  for (const value of values) {
    if (!Number.isFinite(value)) {
      out.push(value);
      continue;
    }
    average = weight * average + (1 - weight) * value;
    correction *= weight;
    out.push(correction < 1 ? average / (1 - correction) : value);
  }
  return out;
}

/** At most `limit` evenly spaced indices of a series of `length`, always keeping the last. */
export function sampleIndices(length: number, limit: number): number[] {
  if (length <= limit) return Array.from({ length }, (_, i) => i);
  const stride = length / limit;
  const indices = Array.from({ length: limit - 1 }, (_, i) => Math.floor(i * stride));
  indices.push(length - 1);
  return indices;
}
