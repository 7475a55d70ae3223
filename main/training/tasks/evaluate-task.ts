import type { CheckpointEvaluation, Domain, HealthWarning, NearestPair } from '../../contract/index.js';
import { readTrainingCache, type TrainingImages } from '../../datasets/training-cache.js';
import { evaluateFeatures } from '../../evaluation/evaluate-features.js';
import {
  removeOtherPairImages,
  saveCheckpointEvaluation,
  writePairImage,
} from '../../evaluation/evaluation-file.js';
import { loadFeatureNetwork, type FeatureNetwork } from '../../evaluation/feature-network.js';
import { generateImages, GeneratorCache, type LoadedGenerator } from '../../latent/checkpoint-generator.js';
import { latentForSeed } from '../../latent/seed-latent.js';
import { seededRandom } from '../../random/seeded-random.js';
import { downsampleImages } from '../gan/image-batches.js';
import { imagePng, toBytes } from '../gan/sample-grid.js';
import { runFolder } from '../run-files.js';
import type { EvaluateTask } from '../trainer-protocol.js';
import { loadTranslatorAB, translateBytes } from './cyclegan-translator.js';
import type { TaskContext } from './task-context.js';

export interface EvaluateDeps {
  loadImages?: (task: EvaluateTask, domain: Domain) => Promise<TrainingImages>;
  /** Which feature network to load (tests use the fast fallback). */
  features?: 'mobilenet' | 'fallback';
}

export interface EvaluateResult {
  steps: number[];
  verdict: string;
}

/** Images per forward pass of the generator (a CycleGAN's ResNet generator is heavier: fewer). */
const chunk = 32;
const translateChunk = 4;

/** What a checkpoint made to be judged: its images at the model's size. */
interface Made {
  step: number;
  size: number;
  images: Uint8Array;
  count: number;
}
/** How many nearest-neighbour pairs are kept for the panel: the closest samples, copies first. */
const pairsKept = 6;
/** Seeds of evaluation samples start here, away from the explorer's gallery seeds. */
const seedBase = 5_000_000;

/**
 * Evaluates checkpoints of a DCGAN run against the images it trained on: for each step, `count`
 * samples from fixed seeds, their features in the feature network's space, and every statistic of
 * evaluate-features.ts, saved into the run's evaluation.json as it goes. The newest step's warnings
 * (collapse, copies) are reported as health events, for the run's dashboard.
 */
export async function evaluateCheckpoints(
  task: EvaluateTask,
  context: TaskContext,
  deps: EvaluateDeps = {},
): Promise<EvaluateResult> {
  const { tf, emit, signal } = context;
  const runDir = runFolder(task.projectRoot, task.runId);
  const report = (fraction: number, message: string) =>
    emit({ type: 'progress', progress: { fraction: Math.min(1, fraction), message } });
  report(0, 'Reading the training images');
  const cyclegan = task.model === 'cyclegan';
  const load = deps.loadImages ?? readCache;
  // A CycleGAN's translations of A are judged against B; a DCGAN's samples against its own domain.
  const cache = await load(task, cyclegan ? 'B' : task.domain);
  if (cache.count < 8) {
    throw new Error(`The dataset has ${cache.count} images; evaluation needs at least 8 to compare against.`);
  }
  const sources = cyclegan ? await load(task, 'A') : null;
  const generators = new GeneratorCache();
  let network: FeatureNetwork | null = null;
  /** The checkpoint's images: samples from fixed seeds, or the same A images translated to B. */
  const make = async (step: number, progress: (done: number, total: number) => void): Promise<Made> => {
    if (!sources) {
      const generator = await generators.get(task.projectRoot, task.runId, step, task.useEma);
      const images = await generate(generator, task, context, (done) => progress(done, task.count));
      return { step: generator.step, size: generator.size, images, count: task.count };
    }
    const translator = await loadTranslatorAB(runDir, step);
    try {
      const inputs = pickReal(sources, translator.size, task.count, task.seed + 2);
      const pixels = translator.size * translator.size * 3;
      const images = new Uint8Array(inputs.count * pixels);
      for (let start = 0; start < inputs.count; start += translateChunk) {
        await context.yieldToEventLoop();
        signal.throwIfAborted();
        const n = Math.min(translateChunk, inputs.count - start);
        const batch = inputs.images.subarray(start * pixels, (start + n) * pixels);
        images.set(await translateBytes(translator, batch, n), start * pixels);
        progress(start + n, inputs.count);
      }
      return { step: translator.step, size: translator.size, images, count: inputs.count };
    } finally {
      translator.model.dispose();
    }
  };
  try {
    network = await loadFeatureNetwork(tf, {
      ...(deps.features ? { prefer: deps.features } : {}),
      onFallback: (reason) =>
        emit({
          type: 'warning',
          message: `No pretrained feature network (${reason}); using the stated fallback.`,
        }),
    });
    let real: { images: Uint8Array; count: number } | null = null;
    let realFeatures: Float32Array[] = [];
    let size = 0;
    let verdict = '';
    const made = cyclegan ? 'translated' : 'drew';
    for (const [index, step] of task.steps.entries()) {
      const share = (part: number) => 0.05 + (0.95 * (index + part)) / task.steps.length;
      const where = `Checkpoint ${index + 1} of ${task.steps.length} (step ${step})`;
      const result0 = await make(step, (done, total) =>
        report(share((0.4 * done) / total), `${where}: ${made} ${done} of ${total} images`),
      );
      if (real === null) {
        size = result0.size;
        real = pickReal(cache, size, task.count, task.seed);
        report(share(0.42), `Measuring ${real.count} of your images`);
        await context.yieldToEventLoop();
        signal.throwIfAborted();
        realFeatures = network.features(real.images, real.count, size);
      }
      if (result0.size !== size)
        throw new Error(`Step ${step} makes ${result0.size} px images, not ${size} px.`);
      const generator = { step: result0.step, size };
      const samples = result0.images;
      report(share(0.45), `${where}: measuring the samples`);
      await context.yieldToEventLoop();
      signal.throwIfAborted();
      const features = network.features(samples, result0.count, generator.size);
      report(share(0.6), `${where}: comparing with your images`);
      const measured = await evaluateFeatures(tf, realFeatures, features, {
        seed: task.seed + 1,
        noun: cyclegan ? 'translations' : 'samples',
        signal,
        yieldToEventLoop: context.yieldToEventLoop,
      });
      const { nearest, copies, ...memorisation } = measured.memorisation;
      const closest = [...nearest].sort((a, b) => a.distance - b.distance).map((n) => n.sample);
      const shown = [...copies, ...closest.filter((s) => !copies.includes(s))].slice(0, pairsKept);
      const pairs: NearestPair[] = [];
      const names = new Set<string>();
      const pixels = generator.size * generator.size * 3;
      const stamp = Date.now();
      const png = async (name: string, from: Uint8Array, index: number) => {
        names.add(name);
        const image = await imagePng(from.subarray(index * pixels, (index + 1) * pixels), generator.size);
        return writePairImage(runDir, task.runId, generator.step, name, image);
      };
      for (const [k, sample] of shown.entries()) {
        const match = nearest[sample];
        if (!match) continue;
        pairs.push({
          sample: await png(`${stamp}-sample-${k}.png`, samples, sample),
          train: await png(`${stamp}-train-${k}.png`, real.images, match.train),
          distance: match.distance,
          copy: copies.includes(sample),
        });
      }
      const result: CheckpointEvaluation = {
        ...measured,
        step: generator.step,
        evaluatedAt: Date.now(),
        subject: cyclegan ? 'translations' : 'samples',
        features: network.info,
        memorisation: { ...memorisation, pairs },
      };
      const saved = await saveCheckpointEvaluation(runDir, task.runId, result);
      await removeOtherPairImages(runDir, generator.step, names);
      if (saved.keptAside) {
        emit({
          type: 'warning',
          message: `The run’s evaluation file was damaged; it was kept as ${saved.keptAside}.`,
        });
      }
      verdict = result.verdict;
      if (index === task.steps.length - 1) {
        for (const warning of result.warnings) {
          const health: HealthWarning = { code: warning.code, message: warning.message, step: result.step };
          emit({ type: 'health', warning: health });
        }
      }
      report(share(1), `${where}: ${result.verdict}`);
    }
    return { steps: task.steps, verdict };
  } finally {
    network?.dispose();
    generators.dispose();
  }
}

function readCache(task: EvaluateTask, domain: Domain): Promise<TrainingImages> {
  return readTrainingCache(task.projectRoot, task.datasetId, domain);
}

/** Up to `count` training images at the model's size, a seeded choice when there are more. */
function pickReal(cache: TrainingImages, size: number, count: number, seed: number) {
  if (cache.size < size) {
    throw new Error(`The dataset is cached at ${cache.size} px, smaller than the model's ${size} px.`);
  }
  const images = downsampleImages(cache.images, cache.count, cache.size, size);
  const pixels = size * size * 3;
  const order = Array.from({ length: cache.count }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const chosen = order.slice(0, Math.min(count, cache.count));
  const out = new Uint8Array(chosen.length * pixels);
  chosen.forEach((from, to) => out.set(images.subarray(from * pixels, (from + 1) * pixels), to * pixels));
  return { images: out, count: chosen.length };
}

/** `count` samples from fixed seeds (the same every evaluation, so checkpoints are compared on equal terms). */
async function generate(
  generator: LoadedGenerator,
  task: EvaluateTask,
  context: TaskContext,
  progress: (done: number) => void,
): Promise<Uint8Array> {
  const pixels = generator.size * generator.size * 3;
  const out = new Uint8Array(task.count * pixels);
  for (let start = 0; start < task.count; start += chunk) {
    await context.yieldToEventLoop();
    context.signal.throwIfAborted();
    const n = Math.min(chunk, task.count - start);
    const latents = Array.from({ length: n }, (_, i) =>
      latentForSeed(seedBase + task.seed + start + i, generator.latentDim),
    );
    const images = generateImages(generator, latents);
    out.set(toBytes(await images.data<'float32'>().finally(() => images.dispose())), start * pixels);
    progress(start + n);
  }
  return out;
}
