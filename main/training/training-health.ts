import type { HealthWarning, MetricPoint } from '../contract/index.js';

export interface HealthThresholds {
  /** Steps to ignore at the start, when GAN losses are wild by nature. */
  warmupSteps: number;
  /** Reporting ticks a condition must hold for (one spike is not a trend). */
  window: number;
}

const defaults: HealthThresholds = { warmupSteps: 300, window: 20 };

type Code = HealthWarning['code'];

/**
 * Reads a run's curve and sample grids the way the GAN literature says to, and says in plain words
 * when training is in trouble. Each warning is given once per episode: it is not repeated until its
 * condition has cleared (with a margin, so a value hovering at the threshold does not flicker).
 */
export class HealthMonitor {
  private readonly thresholds: HealthThresholds;
  private readonly points: MetricPoint[] = [];
  private readonly active = new Set<Code>();
  private lowDiversityTicks = 0;

  constructor(thresholds: Partial<HealthThresholds> = {}) {
    this.thresholds = { ...defaults, ...thresholds };
  }

  observe(point: MetricPoint): HealthWarning[] {
    // The warm-up's points never count, even inside a later window.
    if (point.step < this.thresholds.warmupSteps) return [];
    this.points.push(point);
    const keep = this.thresholds.window * 3;
    if (this.points.length > keep) this.points.splice(0, this.points.length - keep);
    const warnings: HealthWarning[] = [];
    const recent = this.points.slice(-this.thresholds.window);
    if (recent.length === this.thresholds.window) {
      const fake = mean(recent.map((p) => p.dFake));
      const real = mean(recent.map((p) => p.dReal));
      // Goodfellow et al.: when D rejects every sample, log(1 − D(G(z))) saturates and G stops learning.
      this.episode(warnings, 'discriminator-wins', fake < 0.05 && real > 0.9, fake > 0.15, point.step);
    }
    if (this.points.length === keep) {
      const g = this.points.map((p) => p.gLoss);
      const third = Math.floor(keep / 3);
      const scale = Math.max(mean(g.map(Math.abs)), 1e-6);
      const variation = standardDeviation(g) / scale;
      const drift = Math.abs(mean(g.slice(-third)) - mean(g.slice(0, third))) / scale;
      // Non-convergence: big swings around a level that does not move (Mescheder et al., 2018).
      this.episode(warnings, 'oscillation', variation > 0.5 && drift < 0.1, variation < 0.3, point.step);
    }
    return warnings;
  }

  /**
   * `diversity` of the fixed-latent sample grid against `realDiversity` of real images (batchDiversity).
   * Mode collapse: G found a few images that fool D and makes them for every z.
   */
  observeSamples(step: number, diversity: number, realDiversity: number): HealthWarning[] {
    if (step < this.thresholds.warmupSteps || realDiversity <= 0) return [];
    const ratio = diversity / realDiversity;
    this.lowDiversityTicks = ratio < 0.35 ? this.lowDiversityTicks + 1 : 0;
    const warnings: HealthWarning[] = [];
    this.episode(warnings, 'mode-collapse', this.lowDiversityTicks >= 2, ratio > 0.5, step);
    return warnings;
  }

  private episode(out: HealthWarning[], code: Code, bad: boolean, cleared: boolean, step: number): void {
    if (bad && !this.active.has(code)) {
      this.active.add(code);
      out.push({ code, step, message: messages[code] });
    } else if (cleared) {
      this.active.delete(code);
    }
  }
}

const messages: Record<Code, string> = {
  'discriminator-wins':
    'The discriminator is winning: it rejects almost every generated image, so the generator gets almost no signal to learn from. ' +
    'Try turning augmentation on, lowering the discriminator’s learning rate, or label smoothing (Advanced settings), branching from an earlier checkpoint.',
  oscillation:
    'The losses swing up and down without settling: the two networks are chasing each other instead of improving. ' +
    'Try lower learning rates (e.g. half) from an earlier checkpoint; the averaged (EMA) samples are usually steadier than the losses suggest.',
  'mode-collapse':
    'The samples are losing variety: the generator has found a few images that fool the discriminator and makes them for every seed (mode collapse). ' +
    'Branch from an earlier checkpoint with augmentation on or lower learning rates.',
  'rolled-back': 'Training went numerically wrong and was rolled back to the last good checkpoint.',
  'small-dataset':
    'This dataset is small for a GAN: with so few images it tends to copy them rather than learn what they share. ' +
    'More images help most; keep augmentation on.',
};

/** Below this many images a GAN tends to memorise (Karras et al., 2020, show collapse well above it without augmentation). */
const smallDataset = 100;

export function datasetSizeWarning(count: number, step: number): HealthWarning | null {
  if (count >= smallDataset) return null;
  return {
    code: 'small-dataset',
    step,
    message: `This dataset has ${count} images, few for a GAN: with so few it tends to copy them rather than learn what they share. More images help most; keep augmentation on.`,
  };
}

/**
 * How different the images of a batch are from each other: the mean over all pairs of the RMS
 * pixel difference, on 8×8 block averages (shapes and colours, not pixel noise), in [0, 1] units.
 * Comparable between real images and samples of the same size.
 */
export function batchDiversity(bytes: Uint8Array, count: number, size: number): number {
  const cells = 8;
  const block = Math.max(1, Math.floor(size / cells));
  const features = Array.from({ length: count }, (_, n) => {
    const out = new Float32Array(cells * cells * 3);
    for (let y = 0; y < cells; y++)
      for (let x = 0; x < cells; x++)
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let dy = 0; dy < block; dy++)
            for (let dx = 0; dx < block; dx++)
              sum += bytes[((n * size + y * block + dy) * size + x * block + dx) * 3 + c] ?? 0;
          out[(y * cells + x) * 3 + c] = sum / (block * block * 255);
        }
    return out;
  });
  let total = 0;
  let pairs = 0;
  for (let a = 0; a < count; a++)
    for (let b = a + 1; b < count; b++) {
      const fa = features[a];
      const fb = features[b];
      if (!fa || !fb) continue;
      let squares = 0;
      for (let i = 0; i < fa.length; i++) squares += ((fa[i] ?? 0) - (fb[i] ?? 0)) ** 2;
      total += Math.sqrt(squares / fa.length);
      pairs++;
    }
  return pairs ? total / pairs : 0;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function standardDeviation(values: number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}
