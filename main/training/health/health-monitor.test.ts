import { describe, expect, it } from 'vitest';
import type { HealthWarning, MetricPoint } from '../../contract/index.js';
import { seededRandom } from '../../random/seeded-random.js';
import { batchDiversity } from './batch-diversity.js';
import { defaultHealthThresholds, HealthMonitor } from './health-monitor.js';

type Scores = Pick<MetricPoint, 'dReal' | 'dFake'> & { gLoss?: number };
type Series = (step: number) => Scores;

/**
 * Feeds ticks `every` steps apart over (from, to]; losses follow from the scores as a DCGAN's
 * non-saturating losses would (gLoss = −log D(G(z)), dLoss = −log D(x) − log(1 − D(G(z)))) unless
 * the series sets gLoss itself.
 */
function feed(monitor: HealthMonitor, from: number, to: number, series: Series, every = 1): HealthWarning[] {
  const warnings: HealthWarning[] = [];
  for (let step = from + every; step <= to; step += every) {
    const { dReal, dFake, gLoss } = series(step);
    const point: MetricPoint = {
      step,
      seconds: step / 10,
      dLoss: -Math.log(dReal) - Math.log(1 - dFake),
      gLoss: gLoss ?? -Math.log(dFake),
      dReal,
      dFake,
      imagesPerSecond: 300,
    };
    warnings.push(...monitor.observe(point));
  }
  return warnings;
}

const clamp = (value: number) => Math.min(0.999, Math.max(0.001, value));

/** D(x) around 0.65 and D(G(z)) around 0.32, each batch off by up to ±0.12. */
function healthy(seed = 1): Series {
  const random = seededRandom(seed);
  return () => ({
    dReal: clamp(0.65 + (random() - 0.5) * 0.24),
    dFake: clamp(0.32 + (random() - 0.5) * 0.24),
  });
}

/** D(x) around 0.96 and D(G(z)) around 0.01: the discriminator wins. */
function winning(seed = 2): Series {
  const random = seededRandom(seed);
  return () => ({
    dReal: clamp(0.96 + (random() - 0.5) * 0.06),
    dFake: clamp(0.01 + (random() - 0.5) * 0.02),
  });
}

function withLoss(scores: Series, gLoss: (step: number) => number): Series {
  return (step) => ({ ...scores(step), gLoss: gLoss(step) });
}

function noise(seed: number, size: number): () => number {
  const random = seededRandom(seed);
  return () => (random() - 0.5) * 2 * size;
}

const codes = (warnings: HealthWarning[]) => warnings.map((w) => w.code);
const warmup = defaultHealthThresholds.warmupSteps;

describe('HealthMonitor.observe', () => {
  it('stays quiet on a healthy run', () => {
    expect(feed(new HealthMonitor(), 0, 6000, healthy())).toEqual([]);
  });

  it('warns once when the discriminator wins for a while, and again only after it recovered', () => {
    const monitor = new HealthMonitor();
    const first = feed(monitor, 0, 1000, healthy()).concat(feed(monitor, 1000, 2200, winning()));
    expect(codes(first)).toEqual(['discriminator-wins']);
    // Sustained: most of the 300-step window has to be in trouble before it speaks.
    expect(first[0]?.step).toBeGreaterThan(1200);
    expect(first[0]?.step).toBeLessThanOrEqual(1300);
    expect(first[0]?.message).toMatch(/scored your real images 0\.9\d and the generated ones 0\.0\d/);

    expect(feed(monitor, 2200, 3000, healthy(3))).toEqual([]);
    const second = feed(monitor, 3000, 3800, winning(4));
    expect(codes(second)).toEqual(['discriminator-wins']);
    expect(second[0]?.step).toBeGreaterThan(3200);
  });

  it('does not repeat itself while the scores hover at the threshold', () => {
    const random = seededRandom(12);
    // The 300-step average of D(G(z)) drifts back and forth across 0.05 but never back above 0.1.
    const hovering: Series = (step) => ({
      dReal: clamp(0.95 + (random() - 0.5) * 0.04),
      dFake: clamp(0.05 + 0.04 * Math.sin((2 * Math.PI * step) / 1500) + (random() - 0.5) * 0.02),
    });
    expect(codes(feed(new HealthMonitor(), 0, 8000, hovering))).toEqual(['discriminator-wins']);
  });

  it('ignores a short spike, and anything during the warm-up', () => {
    const spike = new HealthMonitor();
    const calm = healthy();
    const wins = winning();
    expect(feed(spike, 0, 4000, (step) => (step > 2000 && step <= 2100 ? wins(step) : calm(step)))).toEqual(
      [],
    );

    const wildStart = new HealthMonitor();
    expect(feed(wildStart, 0, warmup, winning())).toEqual([]);
    expect(feed(wildStart, warmup, 3000, healthy())).toEqual([]);
  });

  it('measures its window in steps, whether ticks come every step or every ten', () => {
    const sparse = new HealthMonitor();
    const warnings = feed(sparse, 0, 1000, healthy(), 10).concat(feed(sparse, 1000, 2500, winning(), 10));
    expect(codes(warnings)).toEqual(['discriminator-wins']);
    expect(warnings[0]?.step).toBeGreaterThan(1200);
    expect(warnings[0]?.step).toBeLessThanOrEqual(1300);
  });

  it('warns about losses that swing slowly without progress', () => {
    const jitter = noise(5, 0.5);
    const swinging = withLoss(healthy(), (step) => 2 + 1.5 * Math.sin((2 * Math.PI * step) / 400) + jitter());
    const warnings = feed(new HealthMonitor(), 0, 6000, swinging);
    expect(codes(warnings)).toEqual(['oscillation']);
    // It needs a whole 1500-step window after the warm-up.
    expect(warnings[0]?.step).toBeGreaterThan(warmup + 1500);
    expect(warnings[0]?.message).toMatch(/swinging by about ±\d\.\d\d around \d\.\d\d/);
  });

  it('does not take a steadily improving noisy loss, or plain minibatch noise, for oscillation', () => {
    const jitter = noise(6, 1.5);
    const improving = withLoss(healthy(), (step) => 6 - (4 * step) / 6000 + jitter());
    expect(feed(new HealthMonitor(), 0, 6000, improving)).toEqual([]);

    const batchNoise = noise(7, 1.9);
    const flatButNoisy = withLoss(healthy(), () => 2.1 + batchNoise());
    expect(feed(new HealthMonitor(), 0, 6000, flatButNoisy)).toEqual([]);
  });

  it('does not flag swings riding on a descent that outpaces them', () => {
    const jitter = noise(10, 0.3);
    // Falls 1.6 per 1400 steps while swinging by ±1 (RMS 0.7): progress, if a bumpy one.
    const descending = withLoss(
      healthy(),
      (step) => 8 - (7 * step) / 6000 + Math.sin((2 * Math.PI * step) / 400) + jitter(),
    );
    expect(feed(new HealthMonitor(), 0, 6000, descending)).toEqual([]);
  });

  it('warns about oscillation again only after the swings died down', () => {
    const jitter = noise(8, 0.3);
    const monitor = new HealthMonitor();
    const swinging = withLoss(healthy(), (step) => 2 + 1.5 * Math.sin((2 * Math.PI * step) / 400) + jitter());
    const steady = withLoss(healthy(), () => 2 + jitter());
    expect(codes(feed(monitor, 0, 3000, swinging))).toEqual(['oscillation']);
    expect(feed(monitor, 3000, 5000, steady)).toEqual([]);
    expect(codes(feed(monitor, 5000, 8000, swinging))).toEqual(['oscillation']);
  });

  it('forgets the steps a rollback undid', () => {
    const monitor = new HealthMonitor();
    expect(codes(feed(monitor, 0, 1200, winning()))).toEqual(['discriminator-wins']);
    expect(feed(monitor, 1200, 1800, healthy())).toEqual([]);
    // Back to step 700 (a checkpoint inside the first episode): the healthy steps after it are gone, so
    // the window is whole again at step 801 (history reaches back to 501) and is all trouble.
    const again = feed(monitor, 700, 1000, winning(9));
    expect(codes(again)).toEqual(['discriminator-wins']);
    expect(again[0]?.step).toBe(warmup + 1 + defaultHealthThresholds.discriminatorWinsSteps);
  });

  it('uses the run settings for its advice', () => {
    const monitor = new HealthMonitor({
      settings: {
        augment: { translation: true, cutout: true, colour: true },
        generatorLearningRate: 2e-4,
        discriminatorLearningRate: 4e-4,
        discriminatorSteps: 1,
        realLabel: 1,
        emaDecay: 0.999,
      },
    });
    const [warning] = feed(monitor, 0, 1500, winning());
    expect(warning?.message).toContain('from 0.0004 to 0.0002');
    expect(warning?.message).not.toMatch(/turn augmentation on/);
  });
});

describe('HealthMonitor.observeSamples', () => {
  const size = 16;
  const count = 16;

  /** Images of random flat 2×2-pixel blocks: as varied as the "real" ones. */
  function varied(seed: number): Float32Array {
    const random = seededRandom(seed);
    const cells = Array.from({ length: count * 64 * 3 }, () => random() * 2 - 1);
    const pixels = new Float32Array(count * size * size * 3);
    for (let n = 0; n < count; n++)
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++)
          for (let c = 0; c < 3; c++)
            pixels[((n * size + y) * size + x) * 3 + c] =
              cells[((n * 8 + (y >> 1)) * 8 + (x >> 1)) * 3 + c] ?? 0;
    return pixels;
  }

  /** One image repeated for every latent: full mode collapse. */
  function identical(seed: number): Float32Array {
    const one = varied(seed).subarray(0, size * size * 3);
    const pixels = new Float32Array(count * size * size * 3);
    for (let n = 0; n < count; n++) pixels.set(one, n * one.length);
    return pixels;
  }

  const realDiversity = batchDiversity(varied(100), count);

  function show(monitor: HealthMonitor, steps: number[], make: (step: number) => Float32Array) {
    return steps.flatMap((step) => monitor.observeSamples(step, make(step), count, realDiversity));
  }
  const range = (from: number, to: number) =>
    Array.from({ length: Math.floor((to - from) / 100) + 1 }, (_, i) => from + i * 100);

  it('warns once about identical samples that last, naming the last varied step', () => {
    const monitor = new HealthMonitor();
    expect(show(monitor, [600, 700], varied)).toEqual([]);
    const warnings = show(monitor, range(800, 2000), identical);
    // Low at 800, 900, 1000 and 1100: two ticks and 300 steps after it started.
    expect(warnings.map((w) => `${w.code}@${w.step}`)).toEqual(['mode-collapse@1100']);
    expect(warnings[0]?.message).toContain('step 700');
    expect(warnings[0]?.message).toContain('only 0%');

    expect(show(monitor, [2100], varied)).toEqual([]);
    expect(show(monitor, range(2200, 2600), identical).map((w) => w.step)).toEqual([2500]);
  });

  it('stays quiet about varied samples, a single dull grid and the warm-up', () => {
    expect(show(new HealthMonitor(), range(600, 3000), varied)).toEqual([]);
    expect(
      show(new HealthMonitor(), range(600, 3000), (step) => (step === 1000 ? identical(step) : varied(step))),
    ).toEqual([]);
    // An untrained generator's samples all look alike: the warm-up grids do not start a streak.
    const early = new HealthMonitor();
    expect(show(early, range(100, warmup), identical)).toEqual([]);
    expect(show(early, range(warmup + 100, warmup + 300), identical)).toEqual([]);
    expect(show(early, [warmup + 400], identical)).toHaveLength(1);
  });

  it('does nothing when the real images have no diversity to compare with', () => {
    const monitor = new HealthMonitor();
    expect(
      range(600, 2000).flatMap((step) => monitor.observeSamples(step, identical(step), count, 0)),
    ).toEqual([]);
  });
});
