import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { crc32, readTextChunks, textChunk, withTextChunks } from './png-text-chunks.js';

const png = () =>
  sharp({ create: { width: 5, height: 4, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .png()
    .toBuffer();

describe('PNG text chunks', () => {
  it('computes the CRC-32 of the PNG specification', () => {
    // The CRC of "IEND" with no data, as every PNG ends with it.
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('writes tEXt for Latin-1 and iTXt for other text, and reads both back in order', async () => {
    const out = withTextChunks(await png(), [
      { keyword: 'Software', text: 'Ganvas 0.1.0' },
      { keyword: 'Title', text: 'Motte — 蛾 ✓' },
    ]);
    expect(readTextChunks(out)).toEqual([
      { keyword: 'Software', text: 'Ganvas 0.1.0' },
      { keyword: 'Title', text: 'Motte — 蛾 ✓' },
    ]);
    expect(String.fromCharCode(...textChunk({ keyword: 'a', text: 'b' }).subarray(4, 8))).toBe('tEXt');
    expect(String.fromCharCode(...textChunk({ keyword: 'a', text: '蛾' }).subarray(4, 8))).toBe('iTXt');
  });

  it('leaves the pixels as they were, and a decoder reads the chunks too', async () => {
    const original = await png();
    const out = withTextChunks(original, [{ keyword: 'Comment', text: 'hello' }]);
    const [before, after] = await Promise.all([original, out].map((bytes) => sharp(bytes).raw().toBuffer()));
    expect(after).toEqual(before);
    const meta = await sharp(out).metadata();
    expect(meta.comments).toEqual([{ keyword: 'Comment', text: 'hello' }]);
  });

  it('finds the chunks in the head of a file, and stops at a damaged chunk', async () => {
    // 33 bytes of signature and IHDR, then two chunks of 12 + 5 bytes each.
    const out = withTextChunks(await png(), [
      { keyword: 'One', text: '1' },
      { keyword: 'Two', text: '2' },
    ]);
    const head = out.subarray(0, 33 + 17 + 17);
    expect(readTextChunks(head).map((e) => e.keyword)).toEqual(['One', 'Two']);
    const broken = Uint8Array.from(out);
    broken[33 + 17 + 9] = 0x5a; // inside the second chunk's data: its CRC no longer matches
    expect(readTextChunks(broken).map((e) => e.keyword)).toEqual(['One']);
  });

  it('refuses bad keywords and files that are not PNG', async () => {
    expect(() => withTextChunks(new Uint8Array(10), [])).toThrow('Not a PNG');
    const image = await png();
    expect(() => withTextChunks(image, [{ keyword: ' lead', text: '' }])).toThrow('keyword');
    expect(() => withTextChunks(image, [{ keyword: 'x'.repeat(80), text: '' }])).toThrow('keyword');
  });
});
