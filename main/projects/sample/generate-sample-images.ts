import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { paintSample, type SampleDomain } from './paint-sample.js';

/** PNG encodes in flight at once: sharp runs them on its own threads while the next images are painted. */
const encodesInFlight = 4;

/**
 * Writes `count` deterministic PNGs of one sample domain into outDir (`<domain>-0000.png`, …) and
 * returns their paths in order. The same options always give the same bytes.
 */
export async function generateSampleImages(
  outDir: string,
  options: { domain: SampleDomain; count: number; size: number; seed: number },
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const { domain, count, size, seed } = options;
  const paths = Array.from({ length: count }, (_, index) =>
    join(outDir, `${domain}-${String(index).padStart(4, '0')}.png`),
  );
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const pixels = paintSample(domain, size, seed * 100_003 + index);
      await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
        .png({ compressionLevel: 6 })
        .toFile(paths[index] ?? '');
    }
  };
  await Promise.all(Array.from({ length: Math.min(encodesInFlight, count) }, worker));
  return paths;
}
