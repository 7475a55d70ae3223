import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface CheckpointManifest {
  step: number;
  tensors: { name: string; offset: number; length: number }[];
  sha256: string;
}

/**
 * A deliberately collapsed checkpoint: a copy of `fromStep` at `toStep` whose generator (and its moving
 * average) has every weight set to 0, so every latent draws the same flat image. Written as the trainer
 * writes checkpoints (checkpoint.json listing float32 ranges of weights.bin, with its SHA-256).
 */
export async function writeCollapsedCheckpoint(
  runDir: string,
  fromStep: number,
  toStep: number,
): Promise<void> {
  const from = join(runDir, 'checkpoints', String(fromStep));
  const manifest = JSON.parse(await readFile(join(from, 'checkpoint.json'), 'utf8')) as CheckpointManifest;
  const bytes = await readFile(join(from, 'weights.bin'));
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  for (const tensor of manifest.tensors) {
    if (/^(generator|ema)\//.test(tensor.name)) values.fill(0, tensor.offset, tensor.offset + tensor.length);
  }
  const to = join(runDir, 'checkpoints', String(toStep));
  await mkdir(to, { recursive: true });
  await writeFile(join(to, 'weights.bin'), bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(join(to, 'checkpoint.json'), JSON.stringify({ ...manifest, step: toStep, sha256 }));
}
