import type { EvaluationWarning } from '../contract/index.js';

export interface VerdictInputs {
  accuracy: number;
  /** Lower end of the accuracy's interval. */
  accuracyLow: number;
  diversityRatio: number;
  support: { support: number; atLeast: boolean };
  realCount: number;
  sampleCount: number;
  copyCount: number;
  /** What was compared with the real images, in words: 'samples' (a DCGAN) or 'translations' (a CycleGAN). */
  noun?: string;
}

/** Samples spread less than half as far as real images: collapse (a healthy model sits near 1). */
const collapsedSpread = 0.5;

const collapseAdvice =
  'If an earlier checkpoint had more variety, go back to it; if the run is young, train longer; if it keeps happening, lower the learning rates.';

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** One line in plain words, and the warnings worth a place on the run's dashboard. */
export function verdictOf(inputs: VerdictInputs): { verdict: string; warnings: EvaluationWarning[] } {
  const warnings: EvaluationWarning[] = [];
  const noun = inputs.noun ?? 'samples';
  const fewDistinct = !inputs.support.atLeast && inputs.support.support < inputs.realCount;
  const collapsed = inputs.diversityRatio < collapsedSpread || fewDistinct;
  if (collapsed) {
    warnings.push({
      code: 'mode-collapse',
      message: fewDistinct
        ? `The ${noun} repeat: about ${Math.round(inputs.support.support)} distinct images, fewer than the ${inputs.realCount} compared. ${collapseAdvice}`
        : `The ${noun} vary ${percent(inputs.diversityRatio)} as much as your images: the model makes only a few looks. ${collapseAdvice}`,
    });
  }
  if (inputs.copyCount > 0) {
    warnings.push({
      code: 'copies',
      message: `${inputs.copyCount} of ${inputs.sampleCount} ${noun} are near copies of training images (see them side by side). Use an earlier checkpoint or more images.`,
    });
  }
  const accuracy = percent(inputs.accuracy);
  let verdict: string;
  if (collapsed) verdict = `Collapsed: the ${noun} are much alike, with little of your images’ variety.`;
  else if (inputs.copyCount > inputs.sampleCount / 10)
    verdict = `Copying: many ${noun} are near copies of training images.`;
  else if (inputs.accuracyLow <= 0.5)
    verdict = `Convincing: a fresh classifier cannot tell ${noun} from your images (${accuracy} right, ½ is guessing).`;
  else if (inputs.accuracy < 0.75)
    verdict = `Close: a fresh classifier tells ${noun} from your images only ${accuracy} of the time.`;
  else if (inputs.accuracy < 0.95)
    verdict = `Learning: a fresh classifier still tells ${noun} apart ${accuracy} of the time.`;
  else
    verdict = `Not there yet: a fresh classifier tells ${noun} from your images ${accuracy} of the time. Train longer.`;
  return { verdict, warnings };
}
