import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  Domain,
  HealthWarning,
  PresetName,
  RunState,
  TrainingSettings,
  type RunSummary,
} from '../contract/index.js';
import { readJsonFile } from '../datasets/json-file.js';
import { writeJsonAtomic } from '../fs/atomic-write.js';
import { ServiceFailure } from '../service/service-error.js';
import { listCheckpoints, listSampleSteps, readMetrics, runFolder, runsFolderName } from './run-files.js';

export const runSchemaVersion = 1;
const runFile = 'run.json';
/** Warnings kept in run.json: the newest few are what the dashboard shows. */
const keptWarnings = 20;

/** run.json: what a run is and where it stands. Written by the service only; the trainer writes the rest. */
export const RunManifest = z.object({
  schemaVersion: z.literal(runSchemaVersion),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1),
  datasetId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  domain: Domain,
  preset: PresetName.nullable(),
  settings: TrainingSettings,
  state: RunState,
  stateReason: z.string().nullable(),
  parent: z.object({ runId: z.string(), step: z.number().int().nonnegative() }).nullable(),
  warnings: z.array(HealthWarning),
  backend: z.string().nullable(),
  createdAt: z.number(),
});
export type RunManifest = z.infer<typeof RunManifest>;

export type NewRun = Pick<RunManifest, 'name' | 'datasetId' | 'domain' | 'preset' | 'settings' | 'parent'>;

export function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export async function createRun(projectRoot: string, run: NewRun, id = newRunId()): Promise<RunManifest> {
  const manifest: RunManifest = {
    schemaVersion: runSchemaVersion,
    id,
    ...run,
    state: 'queued',
    stateReason: null,
    warnings: [],
    backend: null,
    createdAt: Date.now(),
  };
  await mkdir(runFolder(projectRoot, id), { recursive: true });
  await writeRun(projectRoot, manifest);
  return manifest;
}

export async function readRun(projectRoot: string, runId: string): Promise<RunManifest> {
  const reading = await readJsonFile(
    join(runFolder(projectRoot, runId), runFile),
    RunManifest,
    runSchemaVersion,
  );
  if (reading.ok) return reading.value;
  if (reading.missing) throw new ServiceFailure('not-found', `There is no run “${runId}” in this project.`);
  throw new ServiceFailure(
    'invalid-args',
    `The run “${runId}” cannot be read (${reading.message}). Its checkpoints are untouched in runs/${runId}/.`,
  );
}

export async function writeRun(projectRoot: string, manifest: RunManifest): Promise<void> {
  await writeJsonAtomic(join(runFolder(projectRoot, manifest.id), runFile), manifest);
}

/** Reads, changes and writes run.json; callers serialise updates of one run (see RunUpdates). */
export async function updateRun(
  projectRoot: string,
  runId: string,
  change: (manifest: RunManifest) => RunManifest,
): Promise<RunManifest> {
  const next = change(await readRun(projectRoot, runId));
  await writeRun(projectRoot, next);
  return next;
}

export function withWarning(manifest: RunManifest, warning: HealthWarning): RunManifest {
  return { ...manifest, warnings: [...manifest.warnings, warning].slice(-keptWarnings) };
}

/** Every readable run of the project, newest first; unreadable ones are skipped (reported by readRun when opened). */
export async function listRuns(projectRoot: string): Promise<RunManifest[]> {
  let names: string[];
  try {
    names = await readdir(join(projectRoot, runsFolderName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const runs: RunManifest[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    try {
      runs.push(await readRun(projectRoot, name));
    } catch {
      // A folder without a readable run.json is not listed; its files stay where they are.
    }
  }
  return runs.sort((a, b) => b.createdAt - a.createdAt);
}

/** What the UI shows of a run: run.json plus what the trainer has written so far. */
export async function summariseRun(
  projectRoot: string,
  manifest: RunManifest,
  jobId: string | null,
): Promise<RunSummary> {
  const runDir = runFolder(projectRoot, manifest.id);
  const [checkpoints, sampleSteps, metrics] = await Promise.all([
    listCheckpoints(runDir),
    listSampleSteps(runDir),
    readMetrics(runDir),
  ]);
  const last = metrics[metrics.length - 1];
  return {
    id: manifest.id,
    name: manifest.name,
    datasetId: manifest.datasetId,
    preset: manifest.preset,
    settings: manifest.settings,
    state: manifest.state,
    stateReason: manifest.stateReason,
    step: Math.max(last?.step ?? 0, checkpoints[checkpoints.length - 1]?.step ?? 0),
    seconds: last?.seconds ?? 0,
    checkpoints,
    checkpointBytes: checkpoints.reduce((sum, checkpoint) => sum + checkpoint.bytes, 0),
    sampleSteps,
    parent: manifest.parent,
    warnings: manifest.warnings,
    createdAt: manifest.createdAt,
    jobId,
    backend: manifest.backend,
  };
}
