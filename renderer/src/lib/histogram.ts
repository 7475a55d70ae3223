/**
 * Two distributions on shared bins, as shares of each set (so sets of different sizes compare):
 * points at bin centres, for a chart of one set against the other.
 */
export function sharedHistograms(
  sets: readonly (readonly number[])[],
  bins = 20,
): { x: number; y: number }[][] {
  const all = sets.flat().filter((v) => Number.isFinite(v));
  if (all.length === 0) return sets.map(() => []);
  const low = Math.min(...all);
  const high = Math.max(...all);
  const width = high > low ? (high - low) / bins : 1;
  return sets.map((set) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of set) {
      if (!Number.isFinite(v)) continue;
      const bin = Math.min(bins - 1, Math.floor((v - low) / width));
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    return counts.map((count, i) => ({
      x: low + (i + 0.5) * width,
      y: set.length > 0 ? count / set.length : 0,
    }));
  });
}
