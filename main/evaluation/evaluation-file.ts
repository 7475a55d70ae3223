import { join } from 'node:path';
import { CheckpointEvaluation, RunEvaluation } from '../contract/index.js';
import { keepAside, readJsonFile } from '../datasets/json-file.js';
import { writeJsonAtomic } from '../fs/atomic-write.js';

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
