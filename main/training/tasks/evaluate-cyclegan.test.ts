import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunEvaluation, type BackendInfo } from '../../contract/index.js';
import { seededRandom } from '../../random/seeded-random.js';
import { loadBackend } from '../../tf/backend-loader.js';
import { trainTinyCyclegan } from '../test-support/tiny-cyclegan.js';
import { runFolder } from '../run-files.js';
import { inProcessContext } from '../test-support/in-process-context.js';
import type { EvaluateTask } from '../trainer-protocol.js';
import { evaluateCheckpoints } from './evaluate-task.js';

let backend: BackendInfo;
let projectRoot: string;
const size = 64;
const count = 10;

/** Domain A: dark noisy pictures; domain B: light ones. */
function domainImages(domain: string) {
  const random = seededRandom(domain === 'A' ? 1 : 2);
  const base = domain === 'A' ? 40 : 190;
  const images = new Uint8Array(count * size * size * 3).map(() => base + Math.floor(random() * 60));
  return { images, count, size, ids: [] };
}

beforeAll(async () => {
  backend = (await loadBackend({ setting: 'wasm', env: {} })).info;
  projectRoot = await mkdtemp(join(tmpdir(), 'ganvas-evaluate-cycle-'));
  await trainTinyCyclegan(backend, projectRoot, 'cycle', domainImages);
}, 120_000);

describe('evaluateCheckpoints (CycleGAN)', () => {
  it('judges a checkpoint by its A→B translations of domain A against domain B', async () => {
    const task: EvaluateTask = {
      kind: 'evaluate',
      projectRoot,
      runId: 'cycle',
      datasetId: 'd',
      domain: 'A',
      steps: [2],
      model: 'cyclegan',
      count: 8,
      seed: 0,
      useEma: true,
    };
    const asked: string[] = [];
    const before = tf.memory().numTensors;
    const { ctx, events } = inProcessContext(backend);
    const result = await evaluateCheckpoints(task, ctx, {
      loadImages: async (_task, domain) => {
        asked.push(domain);
        return domainImages(domain);
      },
      features: 'fallback',
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(asked).toEqual(['B', 'A']);
    expect(result.steps).toEqual([2]);
    const saved = RunEvaluation.parse(
      JSON.parse(await readFile(join(runFolder(projectRoot, 'cycle'), 'evaluation.json'), 'utf8')),
    );
    const checkpoint = saved.checkpoints[0];
    expect(checkpoint).toMatchObject({ step: 2, subject: 'translations', sampleCount: 8, realCount: 8 });
    expect(checkpoint?.memorisation.pairs.length).toBeGreaterThan(0);
    expect(
      events.some((e) => e.type === 'progress' && /translated 8 of 8 images/.test(e.progress.message)),
    ).toBe(true);
  }, 120_000);
});
