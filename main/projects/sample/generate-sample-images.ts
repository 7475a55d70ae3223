import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { paintSample, type SampleDomain } from './paint-sample.js';

/** Writes `count` deterministic PNGs of one sample domain into outDir and returns their paths. */
export async function generateSampleImages(
  outDir: string,
  options: { domain: SampleDomain; count: number; size: number; seed: number },
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const paths: string[] = [];
  for (let index = 0; index < options.count; index++) {
    const pixels = paintSample(options.domain, options.size, options.seed * 100_003 + index);
    const path = join(outDir, `${options.domain}-${String(index).padStart(4, '0')}.png`);
    await sharp(pixels, { raw: { width: options.size, height: options.size, channels: 3 } })
      .png({ compressionLevel: 6 })
      .toFile(path);
    paths.push(path);
  }
  return paths;
}
