/**
 * The Wilson score interval for a binomial proportion (Wilson 1927):
 * (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). Unlike p̂ ± z·se it stays inside [0, 1] and
 * keeps its coverage for small n and p̂ near 0 or 1.
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  z = 1.959964,
): { low: number; high: number } {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const denominator = 1 + z2 / trials;
  return {
    low: Math.max(0, (centre - spread) / denominator),
    high: Math.min(1, (centre + spread) / denominator),
  };
}

/**
 * One-sided p-value of ≥ `successes` correct out of `trials` when the classifier guesses (p = ½), the
 * null hypothesis of the two-sample test: exact binomial tail, summed in log space.
 */
export function chanceTailProbability(successes: number, trials: number): number {
  if (successes <= 0) return 1;
  const logTerms: number[] = [];
  for (let k = successes; k <= trials; k++) logTerms.push(logChoose(trials, k) - trials * Math.LN2);
  const top = Math.max(...logTerms);
  const sum = logTerms.reduce((acc, t) => acc + Math.exp(t - top), 0);
  return Math.min(1, Math.exp(top) * sum);
}

function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i);
  return sum;
}
