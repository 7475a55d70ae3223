/**
 * At most `maxPoints` of a curve for a chart: every k-th point of the older part, and the newest
 * point always, so a long run's shape survives and its current value is exact.
 */
export function thinCurve<T>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return [...points];
  const stride = Math.ceil(points.length / maxPoints);
  const kept: T[] = [];
  // Count back from the newest so the last point is always one of those kept.
  for (let i = points.length - 1; i >= 0 && kept.length < maxPoints; i -= stride) {
    const point = points[i];
    if (point !== undefined) kept.push(point);
  }
  return kept.reverse();
}
