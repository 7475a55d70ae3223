import type * as tfjs from '@tensorflow/tfjs';
import { seededRandom } from '../random/seeded-random.js';
import { chanceTailProbability, wilsonInterval } from './binomial-interval.js';
import { dimensionOf, type Features } from './feature-statistics.js';

export interface TwoSampleResult {
  /** Held-out accuracy of telling real from generated: ½ means indistinguishable to this classifier. */
  accuracy: number;
  /** 95% Wilson interval of the accuracy. */
  low: number;
  high: number;
  testCount: number;
  trainCount: number;
  /** P(accuracy this high | the classifier only guesses). */
  pValue: number;
}

export interface TwoSampleOptions {
  seed?: number;
  epochs?: number;
  hidden?: number;
  signal?: AbortSignal;
  yieldToEventLoop?: () => Promise<void>;
}

/**
 * The classifier two-sample test (Lopez-Paz and Oquab 2017): label real 1 and generated 0, train a
 * fresh classifier on one half of each set and count its correct answers on the other half. Under
 * "same distribution" the held-out accuracy is Binomial(n_te, ½)/n_te (their section 2), so its
 * interval and p-value say how sure we are that the sets differ. The classifier is a small MLP on
 * standardised features; the sets are balanced (the larger one is cut to the smaller's size).
 */
export async function classifierTwoSampleTest(
  tf: typeof tfjs,
  real: Features,
  generated: Features,
  options: TwoSampleOptions = {},
): Promise<TwoSampleResult> {
  const n = Math.min(real.length, generated.length);
  if (n < 4) throw new Error('The two-sample test needs at least 4 images of each kind.');
  const d = dimensionOf(real);
  if (dimensionOf(generated) !== d) throw new Error('The two feature sets differ in dimension.');
  const random = seededRandom(options.seed ?? 7);
  const split = (set: Features) => {
    const picked = shuffle(
      Array.from({ length: set.length }, (_, i) => i),
      random,
    ).slice(0, n);
    const half = Math.floor(n / 2);
    return { train: picked.slice(0, half).map((i) => set[i]), test: picked.slice(half).map((i) => set[i]) };
  };
  const r = split(real);
  const g = split(generated);
  const trainX = [...r.train, ...g.train] as Float32Array[];
  const trainY = [...r.train.map(() => 1), ...g.train.map(() => 0)];
  const testX = [...r.test, ...g.test] as Float32Array[];
  const testY = [...r.test.map(() => 1), ...g.test.map(() => 0)];
  const { mean, scale } = standardiser(trainX, d);
  const hidden = options.hidden ?? 32;
  const init = (count: number, fanIn: number) =>
    Float32Array.from({ length: count }, () => (random() * 2 - 1) * Math.sqrt(6 / (fanIn + hidden)));
  // Made in tidy: a variable keeps its own copy, the initial tensor would leak.
  const w1 = tf.tidy(() => tf.variable(tf.tensor2d(init(d * hidden, d), [d, hidden])));
  const b1 = tf.tidy(() => tf.variable(tf.zeros([hidden])));
  const w2 = tf.tidy(() => tf.variable(tf.tensor2d(init(hidden, hidden), [hidden, 1])));
  const b2 = tf.tidy(() => tf.variable(tf.zeros([1])));
  const optimizer = tf.train.adam(0.01);
  const toInput = (rows: Float32Array[]) =>
    tf.tensor2d(
      Float32Array.from(
        rows.flatMap((row) => Array.from(row, (v, j) => (v - (mean[j] ?? 0)) * (scale[j] ?? 1))),
      ),
      [rows.length, d],
    );
  const logits = (x: tfjs.Tensor2D) =>
    tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2).reshape([-1]);
  const xTrain = toInput(trainX);
  const yTrain = tf.tensor1d(trainY);
  const xTest = toInput(testX);
  try {
    const epochs = options.epochs ?? 150;
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (epoch % 25 === 0) {
        await options.yieldToEventLoop?.();
        options.signal?.throwIfAborted();
      }
      tf.tidy(() => {
        optimizer.minimize(() => {
          const loss = tf.losses.sigmoidCrossEntropy(yTrain, logits(xTrain as tfjs.Tensor2D));
          // A little weight decay, so a small training half is not simply memorised.
          return tf.add(
            loss,
            tf.mul(1e-3, tf.add(tf.sum(tf.square(w1)), tf.sum(tf.square(w2)))),
          ) as tfjs.Scalar;
        });
      });
    }
    const scores = tf.tidy(() => logits(xTest as tfjs.Tensor2D).dataSync());
    const correct = testY.filter((label, i) => ((scores[i] ?? 0) > 0 ? 1 : 0) === label).length;
    const interval = wilsonInterval(correct, testY.length);
    return {
      accuracy: correct / testY.length,
      ...interval,
      testCount: testY.length,
      trainCount: trainY.length,
      pValue: chanceTailProbability(correct, testY.length),
    };
  } finally {
    tf.dispose([w1, b1, w2, b2, xTrain, yTrain, xTest]);
    optimizer.dispose();
  }
}

function standardiser(rows: Float32Array[], d: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(d);
  const square = new Float64Array(d);
  for (const row of rows) {
    for (let j = 0; j < d; j++) {
      mean[j] = (mean[j] ?? 0) + (row[j] ?? 0) / rows.length;
      square[j] = (square[j] ?? 0) + (row[j] ?? 0) ** 2 / rows.length;
    }
  }
  const scale = mean.map((m, j) => 1 / Math.sqrt(Math.max(1e-8, (square[j] ?? 0) - m * m)));
  return { mean, scale };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
