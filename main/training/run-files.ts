import { appendFile, cp, mkdir, open, readFile, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MetricPoint, type CheckpointInfo } from '../contract/index.js';
import { writeFileAtomic } from '../fs/atomic-write.js';

/**
 * The files of one run below `<project>/runs/<runId>/` that the trainer writes and everyone reads:
 * metrics.jsonl (one MetricPoint a line), samples/<step>.png and checkpoints/<step>/. A checkpoint
 * folder carries its step as its name only once it is whole (it is built under a temporary name and
 * renamed), so listing never sees half a checkpoint.
 */

export const runsFolderName = 'runs';
export const checkpointManifestFile = 'checkpoint.json';

export function runFolder(projectRoot: string, runId: string): string {
  return join(projectRoot, runsFolderName, runId);
}

const metricsPath = (runDir: string) => join(runDir, 'metrics.jsonl');
const samplesFolder = (runDir: string) => join(runDir, 'samples');
const checkpointsFolder = (runDir: string) => join(runDir, 'checkpoints');

export function checkpointFolder(runDir: string, step: number): string {
  return join(checkpointsFolder(runDir), String(step));
}

export function samplePath(runDir: string, step: number): string {
  return join(samplesFolder(runDir), `${step}.png`);
}

/** The sample grid's path relative to the project, as the UI asks for it. */
export function sampleProjectPath(runId: string, step: number): string {
  return `${runsFolderName}/${runId}/samples/${step}.png`;
}

/**
 * The curve from `fromStep` on. A line that is not a whole MetricPoint (the torn tail of a killed
 * write, a hand edit) is skipped, never fatal. Steps are kept increasing: a later line that repeats
 * an earlier step (a resume that was killed before it trimmed the file) replaces what follows it.
 */
export async function readMetrics(runDir: string, fromStep = 0): Promise<MetricPoint[]> {
  let text: string;
  try {
    text = await readFile(metricsPath(runDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const points: MetricPoint[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = MetricPoint.safeParse(value);
    if (!parsed.success) continue;
    while (points.length > 0 && (points[points.length - 1]?.step ?? 0) >= parsed.data.step) points.pop();
    points.push(parsed.data);
  }
  return fromStep > 0 ? points.filter((point) => point.step >= fromStep) : points;
}

/** Appends whole lines. A torn last line from a killed process is ended first, so it spoils only itself. */
export async function appendMetrics(runDir: string, points: readonly MetricPoint[]): Promise<void> {
  if (points.length === 0) return;
  const path = metricsPath(runDir);
  const prefix = (await endsMidLine(path)) ? '\n' : '';
  await appendFile(path, prefix + points.map((point) => `${JSON.stringify(point)}\n`).join(''));
}

/** Keeps only the points up to `step` (a resume from that checkpoint), replacing the file atomically. */
export async function truncateMetricsAfter(runDir: string, step: number): Promise<void> {
  const kept = (await readMetrics(runDir)).filter((point) => point.step <= step);
  await writeFileAtomic(metricsPath(runDir), kept.map((point) => `${JSON.stringify(point)}\n`).join(''));
}

/** Whole checkpoints, oldest first. */
export async function listCheckpoints(runDir: string): Promise<CheckpointInfo[]> {
  const names = await namesIn(checkpointsFolder(runDir));
  const found: CheckpointInfo[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const folder = join(checkpointsFolder(runDir), name);
    try {
      const manifest = await stat(join(folder, checkpointManifestFile));
      let bytes = 0;
      for (const file of await readdir(folder)) bytes += (await stat(join(folder, file))).size;
      found.push({ step: Number(name), bytes, createdAt: Math.round(manifest.mtimeMs) });
    } catch {
      // No manifest: not a checkpoint (or removed while we looked).
    }
  }
  return found.sort((a, b) => a.step - b.step);
}

/** Steps with a sample grid, ascending. */
export async function listSampleSteps(runDir: string): Promise<number[]> {
  const steps: number[] = [];
  for (const name of await namesIn(samplesFolder(runDir))) {
    const match = /^(\d+)\.png$/.exec(name);
    if (match) steps.push(Number(match[1]));
  }
  return steps.sort((a, b) => a - b);
}

/**
 * Gives a new run (a branch) its own copy of one checkpoint of another, with the curve and the
 * sample grids up to that step, so it resumes like any run and owns everything it reads.
 */
export async function copyRunUpTo(fromRunDir: string, toRunDir: string, step: number): Promise<void> {
  const source = checkpointFolder(fromRunDir, step);
  await mkdir(checkpointsFolder(toRunDir), { recursive: true });
  await mkdir(samplesFolder(toRunDir), { recursive: true });
  const staging = join(checkpointsFolder(toRunDir), `.${step}.tmp-branch`);
  await cp(source, staging, { recursive: true });
  await rename(staging, checkpointFolder(toRunDir, step));
  for (const sampleStep of await listSampleSteps(fromRunDir)) {
    if (sampleStep <= step) await cp(samplePath(fromRunDir, sampleStep), samplePath(toRunDir, sampleStep));
  }
  const points = (await readMetrics(fromRunDir)).filter((point) => point.step <= step);
  await writeFileAtomic(metricsPath(toRunDir), points.map((point) => `${JSON.stringify(point)}\n`).join(''));
}

async function endsMidLine(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = new Uint8Array(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

async function namesIn(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
