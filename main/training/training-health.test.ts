import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../contract/index.js';
import { batchDiversity, datasetSizeWarning, HealthMonitor } from './training-health.js';

const point = (step: number, values: Partial<MetricPoint> = {}): MetricPoint => ({
  step,
  seconds: step,
  dLoss: 1.2,
  gLoss: 0.9,
  dReal: 0.6,
  dFake: 0.35,
  imagesPerSecond: 100,
  ...values,
});

/** Feeds ticks 10 steps apart from step 10 on; returns the codes warned, with the step. */
function feed(
  monitor: HealthMonitor,
  values: (tick: number) => Partial<MetricPoint>,
  ticks: number,
  from = 0,
) {
  const warned: string[] = [];
  for (let t = from; t < from + ticks; t++) {
    for (const w of monitor.observe(point((t + 1) * 10, values(t)))) warned.push(`${w.code}@${w.step}`);
  }
  return warned;
}

const noise = (t: number) => Math.sin(t * 12.9898) * 0.05;

describe('HealthMonitor', () => {
  it('stays quiet on a healthy run', () => {
    const monitor = new HealthMonitor();
    expect(feed(monitor, (t) => ({ gLoss: 2 - t / 300 + noise(t), dFake: 0.3 + noise(t) }), 200)).toEqual([]);
  });

  it('warns once when the discriminator wins for a while, and again only after it recovered', () => {
    const monitor = new HealthMonitor();
    const wins = { dReal: 0.97, dFake: 0.01 };
    const first = feed(monitor, () => wins, 80);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^discriminator-wins@/);
    expect(feed(monitor, () => ({ dReal: 0.6, dFake: 0.4 }), 40, 80)).toEqual([]);
    expect(feed(monitor, () => wins, 40, 120)).toHaveLength(1);
  });

  it('ignores a short spike and the warm-up', () => {
    const monitor = new HealthMonitor();
    // Warm-up (steps below 300) may be wild; then a spike of 5 ticks.
    expect(feed(monitor, () => ({ dReal: 0.99, dFake: 0.001 }), 29)).toEqual([]);
    expect(feed(monitor, (t) => (t < 45 ? { dReal: 0.99, dFake: 0.001 } : {}), 60, 40)).toEqual([]);
  });

  it('warns about losses that swing without progress, not about a noisy descent', () => {
    const swinging = new HealthMonitor();
    const warned = feed(swinging, (t) => ({ gLoss: t % 2 ? 4 : 0.3 }), 120);
    expect(warned.map((w) => w.split('@')[0])).toEqual(['oscillation']);
    const descending = new HealthMonitor();
    expect(feed(descending, (t) => ({ gLoss: 5 - t / 30 + (t % 2 ? 0.3 : -0.3) }), 120)).toEqual([]);
  });

  it('warns about mode collapse after two low-diversity sample grids in a row', () => {
    const monitor = new HealthMonitor();
    expect(monitor.observeSamples(100, 0.01, 0.2)).toEqual([]); // warm-up
    expect(monitor.observeSamples(400, 0.05, 0.2)).toEqual([]);
    expect(monitor.observeSamples(500, 0.15, 0.2)).toEqual([]);
    expect(monitor.observeSamples(600, 0.05, 0.2)).toEqual([]);
    expect(monitor.observeSamples(700, 0.04, 0.2).map((w) => w.code)).toEqual(['mode-collapse']);
    expect(monitor.observeSamples(800, 0.04, 0.2)).toEqual([]);
  });
});

describe('batchDiversity', () => {
  it('is 0 for identical images and grows with their differences', () => {
    const size = 16;
    const grey = (values: number[]) => {
      const out = new Uint8Array(values.length * size * size * 3);
      values.forEach((v, n) => out.fill(v, n * size * size * 3, (n + 1) * size * size * 3));
      return out;
    };
    expect(batchDiversity(grey([100, 100, 100]), 3, size)).toBe(0);
    const near = batchDiversity(grey([100, 110, 120]), 3, size);
    const far = batchDiversity(grey([0, 128, 255]), 3, size);
    expect(near).toBeGreaterThan(0);
    expect(far).toBeGreaterThan(near * 5);
    expect(batchDiversity(grey([0, 255]), 2, size)).toBeCloseTo(1, 6);
  });
});

describe('datasetSizeWarning', () => {
  it('warns below 100 images, with the count', () => {
    expect(datasetSizeWarning(40, 0)?.message).toMatch(/40 images/);
    expect(datasetSizeWarning(100, 0)).toBeNull();
  });
});
