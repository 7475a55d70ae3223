import type { GanModel, MetricPoint } from '$contract';

/** One line of a chart: how to read it from a curve point, its legend and its colour. */
export interface Series {
  key: string;
  label: string;
  /** #rrggbb: the smoothed line is drawn with it, the raw line with it at low opacity. */
  color: string;
  value: (point: MetricPoint) => number;
}

/** A chart of the dashboard: its title, its lines, and a fixed y range where the values have one. */
export interface ChartSpec {
  testid: string;
  title: string;
  series: Series[];
  yRange: [number, number] | null;
}

const field = (key: 'dLoss' | 'gLoss' | 'dReal' | 'dFake', label: string, color: string): Series => ({
  key,
  label,
  color,
  value: (point) => point[key],
});

/** One of a CycleGAN's named losses (NaN where a point has none, which leaves a gap). */
const named = (key: string, label: string, color: string): Series => ({
  key,
  label,
  color,
  value: (point) => point.losses?.[key] ?? NaN,
});

/**
 * The charts a run's dashboard draws. A DCGAN: D's and G's losses, and D's verdicts. A CycleGAN
 * (Zhu et al.): the four adversarial losses (LSGAN), the cycle and identity losses, and the
 * discriminators' mean scores for real and translated images (LSGAN targets 1 and 0).
 */
export function chartsFor(model: GanModel): ChartSpec[] {
  if (model === 'cyclegan') {
    return [
      {
        testid: 'chart-losses',
        title: 'Adversarial losses (least squares)',
        series: [
          named('D_A', 'D_A', '#5b60d6'),
          named('D_B', 'D_B', '#2aa3c7'),
          named('G_AB', 'G A→B', '#e07b2f'),
          named('G_BA', 'G B→A', '#c0508e'),
        ],
        yRange: null,
      },
      {
        testid: 'chart-cycle',
        title: 'Cycle and identity losses (L1, lower is better)',
        series: [named('cycle', 'Cycle A→B→A + B→A→B', '#2f9a5e'), named('identity', 'Identity', '#8a8f98')],
        yRange: null,
      },
      {
        testid: 'chart-outputs',
        title: 'What the discriminators say: real vs translated (1 = real)',
        series: [field('dReal', 'D(real)', '#2f9a5e'), field('dFake', 'D(translated)', '#d0463e')],
        yRange: [0, 1],
      },
    ];
  }
  return [
    {
      testid: 'chart-losses',
      title: 'Losses',
      series: [field('dLoss', 'D loss', '#5b60d6'), field('gLoss', 'G loss', '#e07b2f')],
      yRange: null,
    },
    {
      testid: 'chart-outputs',
      title: 'What D says: real vs generated (1 = real)',
      series: [field('dReal', 'D(x) real', '#2f9a5e'), field('dFake', 'D(G(z)) generated', '#d0463e')],
      yRange: [0, 1],
    },
  ];
}
