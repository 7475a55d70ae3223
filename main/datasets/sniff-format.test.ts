import { describe, expect, it } from 'vitest';
import { sniffFormat } from './sniff-format.js';

const bytes = (text: string, prefix: number[] = []) =>
  new Uint8Array([...prefix, ...new TextEncoder().encode(text)]);

describe('sniffFormat', () => {
  it.each([
    [bytes('PNG\r\n\x1a\n', [0x89]), { kind: 'image', format: 'png' }],
    [new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), { kind: 'image', format: 'jpeg' }],
    [bytes('GIF89a'), { kind: 'image', format: 'gif' }],
    [bytes('RIFF\0\0\0\0WEBPVP8 '), { kind: 'image', format: 'webp' }],
    [bytes('II*\0'), { kind: 'image', format: 'tiff' }],
    [bytes('BM' + '\0'.repeat(30)), { kind: 'image', format: 'bmp' }],
    [bytes('\0\0\0\x1cftypavif'), { kind: 'image', format: 'avif' }],
    [bytes('\0\0\0\x18ftypheic'), { kind: 'unsupported', format: 'HEIC' }],
    [bytes('8BPS'), { kind: 'unsupported', format: 'Photoshop (PSD)' }],
    [
      bytes('\uFEFF  <!-- drawn by hand -->\n<svg viewBox="0 0 1 1"/>'),
      { kind: 'unsupported', format: 'SVG' },
    ],
    [bytes('%PDF-1.7'), { kind: 'unsupported', format: 'PDF' }],
    [bytes('just some notes.jpg'), { kind: 'unknown' }],
    [bytes('BM'), { kind: 'unknown' }],
  ])('recognises %#', (input, expected) => {
    expect(sniffFormat(input)).toEqual(expected);
  });
});
