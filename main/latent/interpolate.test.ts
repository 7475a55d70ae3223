import { describe, expect, it } from 'vitest';
import { ease, lerp, norm, pathAt, pathFrames, slerp } from './interpolate.js';

const v = (...values: number[]) => Float32Array.from(values);
const close = (a: Float32Array, b: Float32Array) =>
  a.forEach((x, i) => expect(x).toBeCloseTo(b[i] ?? NaN, 5));

describe('lerp and slerp', () => {
  it('both start at a and end at b', () => {
    const a = v(1, 2, 3);
    const b = v(-2, 0.5, 4);
    for (const f of [lerp, slerp]) {
      close(f(a, b, 0), a);
      close(f(a, b, 1), b);
    }
  });

  it('slerp keeps the norm between unit vectors where lerp cuts through the middle', () => {
    const a = v(1, 0);
    const b = v(0, 1);
    expect(norm(slerp(a, b, 0.5))).toBeCloseTo(1, 6);
    expect(norm(lerp(a, b, 0.5))).toBeCloseTo(Math.SQRT1_2, 6);
    // Equal angles for equal steps.
    const quarter = slerp(a, b, 0.25);
    expect(Math.atan2(quarter[1] ?? 0, quarter[0] ?? 0)).toBeCloseTo(Math.PI / 8, 6);
  });

  it('slerp falls back to lerp for parallel vectors and zero vectors', () => {
    close(slerp(v(1, 1), v(2, 2), 0.5), v(1.5, 1.5));
    close(slerp(v(0, 0), v(2, 2), 0.5), v(1, 1));
  });
});

describe('paths through keyframes', () => {
  const keys = [v(0, 0), v(1, 0), v(1, 1)];

  it('passes through every keyframe at its time', () => {
    const options = { mode: 'lerp', easing: 'linear', loop: false } as const;
    close(pathAt(keys, 0, options), v(0, 0));
    close(pathAt(keys, 0.5, options), v(1, 0));
    close(pathAt(keys, 1, options), v(1, 1));
    close(pathAt(keys, 0.25, options), v(0.5, 0));
  });

  it('loops back to the start, with no repeated frame at the seam', () => {
    const frames = pathFrames(keys, 6, { mode: 'lerp', easing: 'linear', loop: true });
    expect(frames).toHaveLength(6);
    close(frames[0] ?? v(), v(0, 0));
    close(frames[2] ?? v(), v(1, 0));
    close(frames[4] ?? v(), v(1, 1));
    close(frames[5] ?? v(), v(0.5, 0.5));
  });

  it('eases in and out of each keyframe', () => {
    expect(ease(0, 'ease-in-out')).toBe(0);
    expect(ease(1, 'ease-in-out')).toBe(1);
    expect(ease(0.5, 'ease-in-out')).toBe(0.5);
    expect(ease(0.1, 'ease-in-out')).toBeLessThan(0.1);
  });
});
