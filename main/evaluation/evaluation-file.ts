import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointEvaluation, RunEvaluation } from '../contract/index.js';
import { keepAside, readJsonFile } from '../datasets/json-file.js';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic-write.js';

export const evaluationFileName = 'evaluation.json';
const schemaVersion = 1;

export function evaluationPath(runDir: string): string {
  return join(runDir, evaluationFileName);
}

/**
 * A run's evaluations; none when it has none yet. A damaged or foreign file is reported through
 * `problem` and read as empty (the next save keeps it aside first, never overwriting it); a file from
 * a newer Ganvas is an error, so it is neither shown wrong nor replaced.
 */
export async function readEvaluation(
  runDir: string,
  runId: string,
): Promise<{ evaluation: RunEvaluation; problem: string | null }> {
  const empty: RunEvaluation = { schemaVersion, runId, checkpoints: [] };
  const reading = await readJsonFile(evaluationPath(runDir), RunEvaluation, schemaVersion);
  if (reading.ok) return { evaluation: reading.value, problem: null };
  if (reading.missing) return { evaluation: empty, problem: null };
  if (!reading.missing && reading.newerSchema !== undefined) {
    throw new Error(`The run’s ${evaluationFileName} ${reading.message}.`);
  }
  return { evaluation: empty, problem: `The run’s ${evaluationFileName} ${reading.message}.` };
}

/**
 * Adds (or replaces) one checkpoint's evaluation, atomically. A damaged file is first moved aside
 * under a new name; returns that name when it did so.
 */
export async function saveCheckpointEvaluation(
  runDir: string,
  runId: string,
  result: CheckpointEvaluation,
): Promise<{ keptAside: string | null }> {
  const { evaluation, problem } = await readEvaluation(runDir, runId);
  const keptAside = problem ? await keepAside(evaluationPath(runDir)) : null;
  const checkpoints = [
    ...evaluation.checkpoints.filter((c) => c.step !== result.step),
    CheckpointEvaluation.parse(result),
  ];
  checkpoints.sort((a, b) => a.step - b.step);
  await writeJsonAtomic(evaluationPath(runDir), {
    schemaVersion,
    runId,
    checkpoints,
  } satisfies RunEvaluation);
  return { keptAside };
}

/** Where one checkpoint's side-by-side images live: runs/<id>/evaluation/<step>/. */
function pairFolder(runDir: string, step: number): string {
  return join(runDir, 'evaluation', String(step));
}

/**
 * Writes one side-by-side image under a name no earlier evaluation used (`stamp`), so a window still
 * showing the old ones never gets a half-written or cached-stale file. Returns its project-relative path.
 */
export async function writePairImage(
  runDir: string,
  runId: string,
  step: number,
  name: string,
  png: Uint8Array,
): Promise<string> {
  await mkdir(pairFolder(runDir, step), { recursive: true });
  await writeFileAtomic(join(pairFolder(runDir, step), name), png);
  return `runs/${runId}/evaluation/${step}/${name}`;
}

/** Removes a checkpoint's images from earlier evaluations, once the new evaluation.json no longer names them. */
export async function removeOtherPairImages(
  runDir: string,
  step: number,
  keep: ReadonlySet<string>,
): Promise<void> {
  let names: string[];
  try {
    names = await readdir(pairFolder(runDir, step));
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((name) => !keep.has(name))
      .map((name) => rm(join(pairFolder(runDir, step), name), { force: true })),
  );
}
