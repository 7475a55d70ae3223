import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateSampleImages } from './generate-sample-images.js';

async function hashes(paths: string[]): Promise<string[]> {
  return Promise.all(
    paths.map(async (path) =>
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    ),
  );
}

describe('generateSampleImages', () => {
  it('paints the same PNG bytes from the same seed, and all different images, quickly', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ganvas-sample-'));
    const options = { count: 240, size: 64, seed: 1 } as const;
    const started = performance.now();
    const shapes = await generateSampleImages(join(base, 'a', 'shapes'), { domain: 'shapes', ...options });
    const textures = await generateSampleImages(join(base, 'a', 'textures'), {
      domain: 'textures',
      ...options,
      seed: 2,
    });
    const seconds = (performance.now() - started) / 1000;
    // Measured about 0.7 s (480 images) on the 2-core build machine; the bound leaves room for a busy runner.
    expect(seconds).toBeLessThan(6);

    const again = await generateSampleImages(join(base, 'b', 'shapes'), { domain: 'shapes', ...options });
    expect(again.map((path) => basename(path))).toEqual(shapes.map((path) => basename(path)));
    expect(await hashes(again)).toEqual(await hashes(shapes));

    const all = [...(await hashes(shapes)), ...(await hashes(textures))];
    expect(new Set(all).size).toBe(480);
    const otherSeed = await generateSampleImages(join(base, 'c'), { domain: 'shapes', ...options, seed: 3 });
    expect(new Set([...(await hashes(otherSeed)), ...all]).size).toBe(720);
  });

  it('writes 64 px RGB PNGs that sharp reads back', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ganvas-sample-'));
    const [path] = await generateSampleImages(base, { domain: 'textures', count: 1, size: 64, seed: 9 });
    const metadata = await sharp(path).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 64, height: 64, channels: 3 });
    const stats = await sharp(path).stats();
    // Not a plain fill: a texture has ink and paper.
    expect(stats.channels.every((channel) => channel.max - channel.min > 40)).toBe(true);
  });
});
