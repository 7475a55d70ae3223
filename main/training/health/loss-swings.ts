export interface LossSample {
  step: number;
  value: number;
}

/** A loss curve split into a straight trend and the swings around it, after smoothing. */
export interface LossSwings {
  /** Mean absolute value of the smoothed curve: the loss's typical size. */
  level: number;
  /** Root-mean-square distance of the smoothed curve from its straight trend. */
  amplitude: number;
  /**
   * How many times the smoothed curve went out past ±amplitude around its trend, each time on the
   * other side (a sine gives two per period). One spike or one jump to a new level gives one or two;
   * going back and forth is what makes it a swing.
   */
  halfSwings: number;
  /** How far the trend went down over the window (negative when it went up). */
  decrease: number;
  /** The steps the smoothed curve covers. */
  fromStep: number;
  toStep: number;
}

/**
 * Splits a loss curve (oldest first) into trend and swings. A moving average over `smoothingSteps`
 * first removes minibatch noise: one batch's loss can be far from the next without anything being
 * wrong, whereas non-convergence shows as slow swings lasting hundreds of steps. A least-squares
 * line through the smoothed curve is its trend; what is left over is the swinging.
 *
 * Only points whose whole smoothing window lies inside the series are smoothed, so the first
 * `smoothingSteps` are not judged on fewer samples than the rest. Null when fewer than three remain.
 */
export function lossSwings(series: readonly LossSample[], smoothingSteps: number): LossSwings | null {
  const first = series[0];
  if (!first) return null;
  const steps: number[] = [];
  const smoothed: number[] = [];
  let windowStart = 0;
  let windowSum = 0;
  for (let i = 0; i < series.length; i++) {
    const current = series[i];
    if (!current) continue;
    windowSum += current.value;
    // Drop points that fell out of (step − smoothingSteps, step].
    while (windowStart < i && (series[windowStart]?.step ?? 0) <= current.step - smoothingSteps) {
      windowSum -= series[windowStart]?.value ?? 0;
      windowStart++;
    }
    if (current.step - smoothingSteps < first.step) continue;
    steps.push(current.step);
    smoothed.push(windowSum / (i - windowStart + 1));
  }
  if (smoothed.length < 3) return null;

  // Least-squares line value = intercept + slope × step, centred on the mean step for accuracy.
  const meanStep = mean(steps);
  const meanValue = mean(smoothed);
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < steps.length; i++) {
    const dx = (steps[i] ?? 0) - meanStep;
    covariance += dx * ((smoothed[i] ?? 0) - meanValue);
    variance += dx * dx;
  }
  const slope = variance > 0 ? covariance / variance : 0;
  const residuals = steps.map((step, i) => (smoothed[i] ?? 0) - (meanValue + slope * (step - meanStep)));
  const amplitude = Math.sqrt(mean(residuals.map((r) => r * r)));
  let halfSwings = 0;
  let side = 0;
  for (const residual of residuals) {
    const now = residual > amplitude ? 1 : residual < -amplitude ? -1 : 0;
    if (now !== 0 && now !== side) {
      halfSwings++;
      side = now;
    }
  }
  const fromStep = steps[0] ?? 0;
  const toStep = steps[steps.length - 1] ?? 0;
  return {
    level: mean(smoothed.map(Math.abs)),
    amplitude,
    halfSwings,
    decrease: -slope * (toStep - fromStep),
    fromStep,
    toStep,
  };
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length ? sum / values.length : 0;
}
