import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format.js';
import { sampleIndices, smooth } from './smoothing.js';

describe('smooth', () => {
  it('starts at the first value (bias-corrected) and follows a step change gradually', () => {
    const out = smooth([4, 4, 4, 0, 0, 0], 0.5);
    expect(out.slice(0, 3)).toEqual([4, 4, 4]);
    expect(out[3]).toBeGreaterThan(0);
    expect(out[3]).toBeLessThan(4);
    expect(out[5]).toBeLessThan(out[4] ?? 0);
    // After three 4s and one 0 at weight 0.5: (0.5·3.5 + 0) / (1 − 0.5⁴) = 1.75 / 0.9375.
    expect(out[3]).toBeCloseTo(28 / 15, 10);
  });

  it('is the identity at weight 0', () => {
    expect(smooth([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });
});

describe('sampleIndices', () => {
  it('keeps short series whole and long ones evenly spaced, ending at the last', () => {
    expect(sampleIndices(3, 10)).toEqual([0, 1, 2]);
    const picked = sampleIndices(1000, 10);
    expect(picked).toHaveLength(10);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(999);
  });
});

describe('formatting', () => {
  it('writes durations and sizes for people', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3840)).toBe('1 h 04 min');
    expect(formatDuration(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12 MB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});
