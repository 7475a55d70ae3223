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
}

/** Samples spread less than half as far as real images: collapse (a healthy model sits near 1). */
const collapsedSpread = 0.5;

const collapseAdvice =
  'If an earlier checkpoint had more variety, go back to it; if the run is young, train longer; if it keeps happening, lower the learning rates.';

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** One line in plain words, and the warnings worth a place on the run's dashboard. */
export function verdictOf(inputs: VerdictInputs): { verdict: string; warnings: EvaluationWarning[] } {
  const warnings: EvaluationWarning[] = [];
  const fewDistinct = !inputs.support.atLeast && inputs.support.support < inputs.realCount;
  const collapsed = inputs.diversityRatio < collapsedSpread || fewDistinct;
  if (collapsed) {
    warnings.push({
      code: 'mode-collapse',
      message: fewDistinct
        ? `The samples repeat: about ${Math.round(inputs.support.support)} distinct images, fewer than the ${inputs.realCount} compared. ${collapseAdvice}`
        : `The samples vary ${percent(inputs.diversityRatio)} as much as your images: the model makes only a few looks. ${collapseAdvice}`,
    });
  }
  if (inputs.copyCount > 0) {
    warnings.push({
      code: 'copies',
      message: `${inputs.copyCount} of ${inputs.sampleCount} samples are near copies of training images (see them side by side). Use an earlier checkpoint or more images.`,
    });
  }
  const accuracy = percent(inputs.accuracy);
  let verdict: string;
  if (collapsed) verdict = 'Collapsed: the samples are much alike, with little of your images’ variety.';
  else if (inputs.copyCount > inputs.sampleCount / 10)
    verdict = 'Copying: many samples are near copies of training images.';
  else if (inputs.accuracyLow <= 0.5)
    verdict = `Convincing: a fresh classifier cannot tell samples from your images (${accuracy} right, ½ is guessing).`;
  else if (inputs.accuracy < 0.75)
    verdict = `Close: a fresh classifier tells samples from your images only ${accuracy} of the time.`;
  else if (inputs.accuracy < 0.95)
    verdict = `Learning: a fresh classifier still tells samples apart ${accuracy} of the time.`;
  else
    verdict = `Not there yet: a fresh classifier tells samples from your images ${accuracy} of the time. Train longer.`;
  return { verdict, warnings };
}
