import type * as tfjs from '@tensorflow/tfjs';
import type { CheckpointEvaluation } from '../contract/index.js';
import { meanPairwiseDistance } from './distances.js';
import { birthdaySupport } from './diversity.js';
import {
  covarianceSpectrum,
  directionsHolding,
  frechetDistance,
  kernelDistance,
  type Features,
} from './feature-statistics.js';
import { memorisation, type MemorisationReport } from './memorisation.js';
import { classifierTwoSampleTest, type TwoSampleOptions } from './two-sample-classifier.js';
import { verdictOf } from './verdict.js';

export type FeatureEvaluation = Omit<
  CheckpointEvaluation,
  'step' | 'evaluatedAt' | 'subject' | 'features' | 'memorisation'
> & {
  memorisation: Omit<CheckpointEvaluation['memorisation'], 'pairs'> & {
    nearest: MemorisationReport['nearest'];
    copies: number[];
  };
};

const spectrumShown = 32;
const varianceShare = 0.99;

/** Every statistic of one generated set against the real one, in one feature space. */
export async function evaluateFeatures(
  tf: typeof tfjs,
  real: Features,
  generated: Features,
  options: TwoSampleOptions & { noun?: string } = {},
): Promise<FeatureEvaluation> {
  const twoSample = await classifierTwoSampleTest(tf, real, generated, options);
  const memory = memorisation(generated, real);
  const realSpectrum = covarianceSpectrum(real);
  const generatedSpectrum = covarianceSpectrum(generated);
  const realTotal = realSpectrum.reduce((sum, v) => sum + v, 0) || 1;
  const generatedMeanDistance = meanPairwiseDistance(generated);
  const realMeanDistance = meanPairwiseDistance(real);
  const ratio = realMeanDistance > 0 ? generatedMeanDistance / realMeanDistance : 0;
  const support = birthdaySupport(generated, memory.copyThreshold, { seed: options.seed ?? 1 });
  const { verdict, warnings } = verdictOf({
    accuracy: twoSample.accuracy,
    accuracyLow: twoSample.low,
    diversityRatio: ratio,
    support,
    realCount: real.length,
    sampleCount: generated.length,
    copyCount: memory.copies.length,
    ...(options.noun ? { noun: options.noun } : {}),
  });
  return {
    sampleCount: generated.length,
    realCount: real.length,
    twoSample: {
      accuracy: twoSample.accuracy,
      low: twoSample.low,
      high: twoSample.high,
      testCount: twoSample.testCount,
      pValue: twoSample.pValue,
    },
    frechetDistance: frechetDistance(real, generated),
    kernelDistance: kernelDistance(real, generated),
    diversity: {
      generatedMeanDistance,
      realMeanDistance,
      ratio,
      generatedDirections: directionsHolding(generatedSpectrum, varianceShare),
      realDirections: directionsHolding(realSpectrum, varianceShare),
      generatedSpectrum: generatedSpectrum.slice(0, spectrumShown).map((v) => v / realTotal),
      realSpectrum: realSpectrum.slice(0, spectrumShown).map((v) => v / realTotal),
      support: { batchSize: support.batchSize, support: support.support, atLeast: support.atLeast },
    },
    memorisation: {
      copyThreshold: memory.copyThreshold,
      copyCount: memory.copies.length,
      // JSON has no infinity: a ratio over a zero real distance is reported as a large number.
      medianRatio: Number.isFinite(memory.medianRatio) ? memory.medianRatio : 1e9,
      generatedToTrain: memory.generatedToTrain,
      realToTrain: memory.realToTrain,
      nearest: memory.nearest,
      copies: memory.copies,
    },
    verdict,
    warnings,
  };
}
