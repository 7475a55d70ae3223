import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presets, type CallOutcome, type TrainingSettings } from '../main/contract/index.js';
import { newManifest, writeManifest } from '../main/projects/project-manifest.js';
import { createStudio } from '../main/studio.js';
import { loadBackend } from '../main/tf/backend-loader.js';
import { writeCheckpoint } from '../main/training/gan/checkpoint-files.js';
import { DcganTrainer } from '../main/training/gan/dcgan-trainer.js';
import { createNodeTrainerSpawner } from '../main/training/node-trainer-spawner.js';
import { runFolder } from '../main/training/run-files.js';
import { createRun } from '../main/training/run-store.js';

export interface FrameFigures {
  label: string;
  p50Ms: number;
  p95Ms: number;
  frames: number;
}

/** The model the Standard preset trains: 64 px, width 64, z of 100. */
const standard: TrainingSettings = { ...presets.standard.settings, seed: 3 };

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
}

/**
 * How fast the explorer draws: milliseconds per request for one 64 px image and for a 4×4 grid,
 * through the real path (the service resolves the latents, the explorer process draws them on its
 * backend and encodes PNGs, the answer comes back), with a fresh seed each time so nothing is cached.
 * The generator alone is measured too, in this process, on the same backend the explorer picks.
 */
export async function benchExplorer(frames = 40): Promise<FrameFigures[]> {
  const base = await mkdtemp(join(tmpdir(), 'ganvas-bench-explore-'));
  const figures: FrameFigures[] = [];
  try {
    const root = join(base, 'Bench.ganvas');
    await mkdir(root);
    await writeManifest(root, newManifest('Bench'));
    const run = await createRun(root, {
      name: 'Bench',
      datasetId: 'd',
      domain: 'main',
      preset: 'standard',
      settings: standard,
      parent: null,
    });

    const { info, tf } = await loadBackendAndTf();
    const trainer = new DcganTrainer(standard);
    const snapshot = trainer.snapshot();
    await writeCheckpoint(
      runFolder(root, run.id),
      {
        step: 0,
        seconds: 0,
        settings: standard,
        random: { seed: standard.seed, generation: 0, cursor: { epoch: 0, position: 0 } },
        optimizerSteps: snapshot.optimizerSteps,
      },
      snapshot.tensors,
    );
    snapshot.dispose();
    for (const count of [1, 16]) {
      const times: number[] = [];
      for (let i = 0; i <= frames; i++) {
        const started = performance.now();
        const z = tf.randomNormal([count, standard.latentDim]) as never;
        const images = trainer.generate(z);
        await images.data();
        tf.dispose([z, images]);
        if (i > 0) times.push(performance.now() - started);
      }
      figures.push(figure(`generator alone (${info.name}), ${count === 1 ? '1 image' : '4×4 grid'}`, times));
    }
    trainer.dispose();

    const studio = await createStudio({
      shell: 'cli',
      dataDir: join(base, 'home'),
      spawnTrainer: createNodeTrainerSpawner({ log: () => undefined }),
      projectsDir: base,
    });
    try {
      const opened = (await studio.call('projects:open', { path: root })) as CallOutcome<{ id: string }>;
      if (!opened.ok) throw new Error(opened.error.message);
      for (const count of [1, 16]) {
        const times: number[] = [];
        for (let i = 0; i <= frames; i++) {
          const specs = Array.from({ length: count }, (_, k) => ({ point: { seed: 1000 * i + k } }));
          const started = performance.now();
          const drawn = await studio.call('latent:render', {
            projectId: opened.value.id,
            runId: run.id,
            specs,
          });
          if (!drawn.ok) throw new Error(drawn.error.message);
          // The first request starts the explorer process and loads the checkpoint: not a frame.
          if (i > 0) times.push(performance.now() - started);
        }
        figures.push(figure(`service → explorer → PNG, ${count === 1 ? '1 image' : '4×4 grid'}`, times));
      }
    } finally {
      await studio.dispose();
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
  return figures;
}

async function loadBackendAndTf() {
  const { info } = await loadBackend({ setting: 'auto', env: process.env });
  const tf = await import('@tensorflow/tfjs');
  return { info, tf };
}

function figure(label: string, times: number[]): FrameFigures {
  return { label, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), frames: times.length };
}
