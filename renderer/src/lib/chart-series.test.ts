import type { MetricPoint } from '$contract';
import { describe, expect, it } from 'vitest';
import { chartsFor } from './chart-series.js';

const point: MetricPoint = {
  step: 3,
  seconds: 1,
  dLoss: 0.9,
  gLoss: 2.5,
  dReal: 0.7,
  dFake: 0.2,
  imagesPerSecond: 4,
  losses: { D_A: 0.2, D_B: 0.3, G_AB: 0.6, G_BA: 0.5, cycle: 1.4, identity: 0.3 },
};

describe('chartsFor', () => {
  it('draws a DCGAN’s two losses and D’s verdicts', () => {
    const charts = chartsFor('dcgan');
    expect(charts.map((chart) => chart.series.map((s) => s.value(point)))).toEqual([
      [0.9, 2.5],
      [0.7, 0.2],
    ]);
  });

  it('draws all six CycleGAN losses by name, and leaves a gap where a point has none', () => {
    const charts = chartsFor('cyclegan');
    const values = charts.flatMap((chart) => chart.series.map((s) => [s.key, s.value(point)]));
    expect(Object.fromEntries(values)).toEqual({
      D_A: 0.2,
      D_B: 0.3,
      G_AB: 0.6,
      G_BA: 0.5,
      cycle: 1.4,
      identity: 0.3,
      dReal: 0.7,
      dFake: 0.2,
    });
    const { losses: _dropped, ...withoutLosses } = point;
    expect(charts[0]?.series[0]?.value(withoutLosses)).toBeNaN();
  });
});
