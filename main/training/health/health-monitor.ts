import type { HealthWarning, MetricPoint } from '../../contract/index.js';
import { batchDiversity } from './batch-diversity.js';
import {
  type AdviceSettings,
  discriminatorWinsMessage,
  modeCollapseMessage,
  oscillationMessage,
} from './health-messages.js';
import { lossSwings } from './loss-swings.js';

/**
 * When the monitor speaks. Windows are measured in training steps, not reporting ticks, because a
 * tick is one step on a short run and tens of steps on a long one; each window also takes at least
 * a minimum number of ticks, so a run that reports rarely still averages over several of them.
 */
export interface HealthThresholds {
  /** Steps ignored at the start: in the first few hundred steps GAN losses swing wildly and an
   * untrained generator's samples all look alike, which is normal. */
  warmupSteps: number;

  /** The discriminator wins when, averaged over this many steps, D(G(z)) is below `fakeScoreBelow`
   * while D(x) is above `realScoreAbove`. */
  discriminatorWinsSteps: number;
  discriminatorWinsTicks: number;
  fakeScoreBelow: number;
  /** Not 0.9: with one-sided label smoothing (real label 0.9) D(x) cannot go much above 0.9, and
   * D(x) ≥ 0.8 against D(G(z)) ≤ 0.05 is already a near-perfect separation. */
  realScoreAbove: number;
  /** The episode ends once the averages are clearly back (a margin, so values hovering at the
   * threshold do not warn again and again). */
  fakeScoreCleared: number;
  realScoreCleared: number;

  /** Oscillation is judged on the generator's loss over this many steps, after a moving average
   * over `smoothingSteps` (see lossSwings): the swings around the straight trend, relative to the
   * loss's size, above `swingAbove`, going back and forth at least `oscillationHalfSwings` times,
   * while the trend went down by less than twice the swings. */
  oscillationSteps: number;
  oscillationTicks: number;
  smoothingSteps: number;
  swingAbove: number;
  swingCleared: number;
  /** Back and forth two and a half times: one spike, or one jump or ramp to a new level (as when the
   * discriminator starts to win), is an event, not an oscillation, and gives at most four. Within a
   * 1500-step window this catches swings with periods up to about 600 steps. */
  oscillationHalfSwings: number;

  /** Mode collapse: the fixed-latent samples' diversity below this fraction of the real images',
   * for `collapseTicks` sample ticks in a row spanning at least `collapseSteps` steps. */
  collapseBelow: number;
  collapseCleared: number;
  collapseTicks: number;
  collapseSteps: number;
}

export const defaultHealthThresholds: Readonly<HealthThresholds> = {
  warmupSteps: 500,
  discriminatorWinsSteps: 300,
  discriminatorWinsTicks: 10,
  fakeScoreBelow: 0.05,
  realScoreAbove: 0.8,
  fakeScoreCleared: 0.1,
  realScoreCleared: 0.7,
  oscillationSteps: 1500,
  oscillationTicks: 40,
  smoothingSteps: 100,
  swingAbove: 0.25,
  swingCleared: 0.15,
  oscillationHalfSwings: 5,
  collapseBelow: 0.35,
  collapseCleared: 0.5,
  collapseTicks: 2,
  collapseSteps: 300,
};

export interface HealthMonitorOptions extends Partial<HealthThresholds> {
  /** The run's settings, so the advice names concrete values and skips what is already done. */
  settings?: AdviceSettings;
}

type WatchedCode = Extract<HealthWarning['code'], 'discriminator-wins' | 'oscillation' | 'mode-collapse'>;

/** A loss near zero would make every wobble look huge relative to it. */
const smallestLossLevel = 0.1;
/** The trend must fall by more than this many swing amplitudes to count as progress. */
const progressInSwings = 2;
/** …and by more than this many to end an oscillation episode (a margin against flicker). */
const progressClearsInSwings = 3;

/**
 * Reads a run's metrics and sample grids the way the GAN literature says to, and says in plain words
 * when training is in trouble. Feed it every reporting tick (`observe`) and every sample grid
 * (`observeSamples`); each returns the warnings that start now.
 *
 * Each warning is given once per episode: once a code has been warned it stays quiet until its
 * condition has cleared with a margin (hysteresis), so a run stuck in trouble does not repeat the
 * same message every tick, and a value hovering at a threshold does not make it flicker.
 *
 * To resume a run, feed its stored points through `observe` and ignore what it returns: the windows
 * fill again, and an episode warned before the pause is not announced twice.
 */
export class HealthMonitor {
  private readonly thresholds: HealthThresholds;
  private readonly settings: AdviceSettings | undefined;
  /** Points after the warm-up, oldest first, reaching just past the longest window. */
  private readonly points: MetricPoint[] = [];
  private readonly active = new Set<WatchedCode>();
  private lowDiversity: { ticks: number; sinceStep: number } | null = null;
  private variedStep: number | null = null;
  private lastSampleStep = -Infinity;

  constructor(options: HealthMonitorOptions = {}) {
    const { settings, ...thresholds } = options;
    this.thresholds = { ...defaultHealthThresholds, ...thresholds };
    this.settings = settings;
  }

  observe(point: MetricPoint): HealthWarning[] {
    // The warm-up's points never count, not even inside a later window.
    if (point.step <= this.thresholds.warmupSteps) return [];
    // A rollback restarts from a checkpoint: the points it undid are no longer part of the run.
    while ((this.points.at(-1)?.step ?? -Infinity) >= point.step) this.points.pop();
    this.points.push(point);
    this.forgetOldPoints();
    const warnings: HealthWarning[] = [];
    this.checkDiscriminatorWins(warnings, point.step);
    this.checkOscillation(warnings, point.step);
    return warnings;
  }

  /**
   * `samples` is the grid made from the run's fixed latent batch (count × size × size × 3, in
   * [-1, 1]); `realDiversity` is realImageDiversity of the dataset. A fixed batch matters: the same
   * seeds that once gave varied images now giving near-identical ones is mode collapse, not chance.
   */
  observeSamples(step: number, samples: Float32Array, count: number, realDiversity: number): HealthWarning[] {
    if (step <= this.thresholds.warmupSteps || !(realDiversity > 0)) return [];
    // After a rollback the low-variety samples past the checkpoint are gone with it.
    if (step <= this.lastSampleStep) this.lowDiversity = null;
    this.lastSampleStep = step;
    const ratio = batchDiversity(samples, count) / realDiversity;
    const { collapseBelow, collapseCleared, collapseTicks, collapseSteps } = this.thresholds;
    if (ratio < collapseBelow) {
      this.lowDiversity = {
        ticks: (this.lowDiversity?.ticks ?? 0) + 1,
        sinceStep: this.lowDiversity?.sinceStep ?? step,
      };
    } else {
      this.lowDiversity = null;
      this.variedStep = step;
    }
    const low = this.lowDiversity;
    const sustained = low !== null && low.ticks >= collapseTicks && step - low.sinceStep >= collapseSteps;
    const warnings: HealthWarning[] = [];
    this.episode(warnings, 'mode-collapse', sustained, ratio > collapseCleared, step, () =>
      modeCollapseMessage({ ratio, variedStep: this.variedStep }, this.settings),
    );
    return warnings;
  }

  private checkDiscriminatorWins(warnings: HealthWarning[], step: number): void {
    const t = this.thresholds;
    const window = this.window(t.discriminatorWinsSteps, t.discriminatorWinsTicks);
    if (!window) return;
    const dReal = mean(window.points.map((p) => p.dReal));
    const dFake = mean(window.points.map((p) => p.dFake));
    // Goodfellow et al. (2014, section 3): when D rejects every sample, log(1 − D(G(z))) saturates
    // and G's gradient vanishes. The non-saturating loss −log D(G(z)) keeps the gradient's size,
    // but against a near-perfect D it becomes unstable and uninformative (Arjovsky & Bottou, 2017,
    // section 2.2): G is still starved.
    this.episode(
      warnings,
      'discriminator-wins',
      dFake < t.fakeScoreBelow && dReal > t.realScoreAbove,
      dFake > t.fakeScoreCleared || dReal < t.realScoreCleared,
      step,
      () =>
        discriminatorWinsMessage(
          { dReal, dFake, steps: step - window.fromStep, sinceStep: window.fromStep },
          this.settings,
        ),
    );
  }

  private checkOscillation(warnings: HealthWarning[], step: number): void {
    const t = this.thresholds;
    const window = this.window(t.oscillationSteps, t.oscillationTicks);
    if (!window) return;
    const swings = lossSwings(
      window.points.map((p) => ({ step: p.step, value: p.gLoss })),
      t.smoothingSteps,
    );
    if (!swings) return;
    const swing = swings.amplitude / Math.max(swings.level, smallestLossLevel);
    // Non-convergence: simultaneous gradient descent on a two-player game can circle its equilibrium
    // instead of reaching it (Mescheder et al., 2018, "Which training methods for GANs do actually
    // converge?"); on the curve, slow swings whose trend goes nowhere.
    this.episode(
      warnings,
      'oscillation',
      swing > t.swingAbove &&
        swings.halfSwings >= t.oscillationHalfSwings &&
        swings.decrease < progressInSwings * swings.amplitude,
      swing < t.swingCleared || swings.decrease > progressClearsInSwings * swings.amplitude,
      step,
      () =>
        oscillationMessage(
          { level: swings.level, amplitude: swings.amplitude, steps: step - window.fromStep },
          this.settings,
        ),
    );
  }

  /**
   * The points of the last `steps` steps, or of the last `ticks` ticks if that reaches further
   * back, with the step just before them. Null until the history reaches back that far.
   */
  private window(steps: number, ticks: number): { points: MetricPoint[]; fromStep: number } | null {
    const newest = this.points.at(-1);
    if (!newest) return null;
    const inside = this.points.findIndex((p) => p.step > newest.step - steps);
    const start = Math.min(inside, this.points.length - ticks);
    const before = this.points[start - 1];
    if (start < 1 || !before) return null;
    return { points: this.points.slice(start), fromStep: before.step };
  }

  private forgetOldPoints(): void {
    const t = this.thresholds;
    const newest = this.points.at(-1);
    if (!newest) return;
    const steps = Math.max(t.discriminatorWinsSteps, t.oscillationSteps);
    const ticks = Math.max(t.discriminatorWinsTicks, t.oscillationTicks);
    const inside = this.points.findIndex((p) => p.step > newest.step - steps);
    // Keep one point before the longest window: it shows the history reaches back far enough.
    const keepFrom = Math.min(inside, this.points.length - ticks) - 1;
    if (keepFrom > 0) this.points.splice(0, keepFrom);
  }

  /** Warns when `bad` starts an episode; only `cleared` ends it (see the class comment). */
  private episode(
    warnings: HealthWarning[],
    code: WatchedCode,
    bad: boolean,
    cleared: boolean,
    step: number,
    message: () => string,
  ): void {
    if (bad && !this.active.has(code)) {
      this.active.add(code);
      warnings.push({ code, step, message: message() });
    } else if (cleared && !bad) {
      this.active.delete(code);
    }
  }
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length ? sum / values.length : 0;
}
