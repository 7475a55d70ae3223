import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { luma32 } from './fit-image.js';
import { hammingDistance, hashHalves, perceptualHash, popcount32 } from './perceptual-hash.js';
import { pictureBytes } from './test-support/fixtures.js';

async function hashOf(bytes: Buffer): Promise<string> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return perceptualHash(luma32({ data, width: info.width, height: info.height }));
}

const distance = (a: string, b: string) => hammingDistance(hashHalves([a, b]), 0, 1);

describe('perceptualHash', () => {
  it('is 64 bits as 16 hex digits, the same for the same picture', async () => {
    const picture = await pictureBytes(3, 96);
    const hash = await hashOf(picture);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(await hashOf(picture)).toBe(hash);
  });

  it('barely changes for a re-encoded, resized or slightly brightened copy', async () => {
    const picture = await pictureBytes(3, 96);
    const hash = await hashOf(picture);
    expect(
      distance(hash, await hashOf(await sharp(picture).jpeg({ quality: 60 }).toBuffer())),
    ).toBeLessThanOrEqual(4);
    expect(
      distance(hash, await hashOf(await sharp(picture).resize(61, 61).png().toBuffer())),
    ).toBeLessThanOrEqual(4);
    expect(
      distance(hash, await hashOf(await sharp(picture).modulate({ brightness: 1.1 }).png().toBuffer())),
    ).toBeLessThanOrEqual(4);
  });

  it('differs in many bits between different pictures', async () => {
    const hashes = await Promise.all([1, 2, 5, 8].map(async (seed) => hashOf(await pictureBytes(seed, 96))));
    for (let i = 0; i < hashes.length; i++)
      for (let j = i + 1; j < hashes.length; j++)
        expect(distance(hashes[i] ?? '', hashes[j] ?? '')).toBeGreaterThan(10);
  });

  it('counts bits right', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(distance('ffffffff00000000', '0000000000000000')).toBe(32);
    expect(distance('0123456789abcdef', '0123456789abcdef')).toBe(0);
  });
});
