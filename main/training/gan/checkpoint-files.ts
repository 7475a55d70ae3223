import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { TrainingSettings, type CheckpointInfo } from '../../contract/index.js';
import { syncFolder, writeFileDurably } from '../../fs/atomic-write.js';
import { checkpointFolder, checkpointManifestFile, listCheckpoints } from '../run-files.js';

export const checkpointSchemaVersion = 1;
const weightsFile = 'weights.bin';

const DataCursorSchema = z.object({
  epoch: z.number().int().nonnegative(),
  position: z.number().int().nonnegative(),
});

/** checkpoint.json: everything but the tensors' bytes, which are in weights.bin. */
export const CheckpointManifest = z.object({
  schemaVersion: z.literal(checkpointSchemaVersion),
  step: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  createdAt: z.number(),
  settings: TrainingSettings,
  /**
   * All the randomness state there is: per-step noise is a function of (seed, step, generation)
   * (see counter-random.ts), and the data order of (seed, epoch); generation counts rollbacks.
   */
  random: z.object({
    seed: z.number().int(),
    generation: z.number().int().nonnegative(),
    cursor: DataCursorSchema,
    /** A CycleGAN's second domain has its own data order. */
    cursorB: DataCursorSchema.optional(),
  }),
  /** Adam's step counts (its moments are tensors below). */
  optimizerSteps: z.object({ generator: z.number().int(), discriminator: z.number().int() }),
  tensors: z.array(
    z.object({
      name: z.string(),
      shape: z.array(z.number().int().nonnegative()),
      /** Offset and length in float32 values within weights.bin. */
      offset: z.number().int().nonnegative(),
      length: z.number().int().nonnegative(),
    }),
  ),
  /** SHA-256 of weights.bin: a damaged file is found before it spoils a run. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type CheckpointManifest = z.infer<typeof CheckpointManifest>;

export type CheckpointMeta = Omit<CheckpointManifest, 'schemaVersion' | 'createdAt' | 'tensors' | 'sha256'>;

export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export class DamagedCheckpoint extends Error {
  constructor(
    readonly step: number,
    reason: string,
  ) {
    super(`The checkpoint at step ${step} is damaged (${reason}).`);
    this.name = 'DamagedCheckpoint';
  }
}

/**
 * A state with NaN or infinite numbers in it (weights, batchnorm statistics, Adam moments). Such a
 * state is never written: a rollback goes to the newest checkpoint, which must therefore be good.
 */
export class NonFiniteState extends Error {
  constructor(
    readonly step: number,
    readonly tensorName: string,
  ) {
    super(`The state at step ${step} has NaN or infinite numbers in ${tensorName}.`);
    this.name = 'NonFiniteState';
  }
}

/**
 * Writes a checkpoint as a whole or not at all: into a hidden temporary folder, each file synced,
 * then one rename to `checkpoints/<step>/` and a sync of the parent folder. A process killed at any
 * instant leaves either the complete checkpoint or a temporary folder that listing ignores. Throws
 * NonFiniteState, writing nothing, when a tensor holds NaN or ∞.
 */
export async function writeCheckpoint(
  runDir: string,
  meta: CheckpointMeta,
  tensors: readonly NamedTensor[],
): Promise<CheckpointInfo> {
  const entries: CheckpointManifest['tensors'] = [];
  let offset = 0;
  for (const { name, tensor } of tensors) {
    entries.push({ name, shape: tensor.shape, offset, length: tensor.size });
    offset += tensor.size;
  }
  const values = new Float32Array(offset);
  for (const [i, { name, tensor }] of tensors.entries()) {
    const data = await tensor.data<'float32'>();
    // The losses of step t come from the weights before update t, so an update that overflows
    // shows in the weights (or only in G's batchnorm statistics, which training never reads) first.
    if (!allFinite(data)) throw new NonFiniteState(meta.step, name);
    values.set(data, entries[i]?.offset ?? 0);
  }
  const bytes = new Uint8Array(values.buffer);
  const manifest: CheckpointManifest = {
    schemaVersion: checkpointSchemaVersion,
    ...meta,
    createdAt: Date.now(),
    tensors: entries,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
  const target = checkpointFolder(runDir, meta.step);
  const parent = join(target, '..');
  const staging = join(parent, `.${meta.step}.tmp-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  try {
    await writeFileDurably(join(staging, weightsFile), bytes);
    await writeFileDurably(join(staging, checkpointManifestFile), `${JSON.stringify(manifest)}\n`);
    // Same step written again (a stop right after a periodic checkpoint): the new one replaces it.
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await syncFolder(parent);
  return {
    step: meta.step,
    bytes: bytes.length + JSON.stringify(manifest).length + 1,
    createdAt: manifest.createdAt,
  };
}

function allFinite(values: Float32Array): boolean {
  for (const value of values) if (!Number.isFinite(value)) return false;
  return true;
}

/** Reads and verifies one checkpoint; the tensors are the caller's to dispose. */
export async function readCheckpoint(
  runDir: string,
  step: number,
): Promise<{ manifest: CheckpointManifest; tensors: Map<string, tf.Tensor> }> {
  const folder = checkpointFolder(runDir, step);
  let manifest: CheckpointManifest;
  let bytes: Buffer;
  try {
    const parsed = CheckpointManifest.safeParse(
      JSON.parse(await readFile(join(folder, checkpointManifestFile), 'utf8')),
    );
    if (!parsed.success) throw new DamagedCheckpoint(step, 'checkpoint.json is not one Ganvas can read');
    manifest = parsed.data;
    bytes = await readFile(join(folder, weightsFile));
  } catch (error) {
    if (error instanceof DamagedCheckpoint) throw error;
    throw new DamagedCheckpoint(step, (error as Error).message);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== manifest.sha256) {
    throw new DamagedCheckpoint(step, 'weights.bin does not match its checksum');
  }
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const tensors = new Map<string, tf.Tensor>();
  for (const entry of manifest.tensors) {
    if (entry.offset + entry.length > values.length) {
      tf.dispose([...tensors.values()]);
      throw new DamagedCheckpoint(step, `${entry.name} lies beyond the end of weights.bin`);
    }
    tensors.set(
      entry.name,
      tf.tensor(values.subarray(entry.offset, entry.offset + entry.length), entry.shape),
    );
  }
  return { manifest, tensors };
}

/**
 * The newest checkpoint that reads back whole (at or before `atOrBefore`); each damaged one on the
 * way is reported through `skipped` and left on disk for the user to look at.
 */
export async function readNewestCheckpoint(
  runDir: string,
  skipped: (problem: DamagedCheckpoint) => void,
  atOrBefore = Number.POSITIVE_INFINITY,
): Promise<{ manifest: CheckpointManifest; tensors: Map<string, tf.Tensor> } | null> {
  const candidates = (await listCheckpoints(runDir))
    .filter((checkpoint) => checkpoint.step <= atOrBefore)
    .reverse();
  for (const { step } of candidates) {
    try {
      return await readCheckpoint(runDir, step);
    } catch (error) {
      if (!(error instanceof DamagedCheckpoint)) throw error;
      skipped(error);
    }
  }
  return null;
}

/**
 * Retention: keep the newest `keepLast` checkpoints, every one whose step is a multiple of
 * `keepEvery` (0: none of those), and any step in `protect`; delete the rest. Returns the steps removed.
 */
export async function thinCheckpoints(
  runDir: string,
  rule: { keepLast: number; keepEvery: number },
  protect: readonly number[] = [],
): Promise<number[]> {
  const steps = (await listCheckpoints(runDir)).map((checkpoint) => checkpoint.step);
  const newest = new Set(steps.slice(-Math.max(1, rule.keepLast)));
  const removed: number[] = [];
  for (const step of steps) {
    const kept =
      newest.has(step) ||
      protect.includes(step) ||
      (rule.keepEvery > 0 && step > 0 && step % rule.keepEvery === 0);
    if (kept) continue;
    await rm(checkpointFolder(runDir, step), { recursive: true, force: true });
    removed.push(step);
  }
  return removed;
}
