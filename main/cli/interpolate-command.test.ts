import { describe, expect, it } from 'vitest';
import { parseInterpolateArgs } from './interpolate-command.js';

describe('ganvas interpolate arguments', () => {
  it('reads the stops in order: from, via…, to', () => {
    const request = parseInterpolateArgs([
      'P.ganvas',
      '--from',
      '3',
      '--via',
      'Blue moth',
      '--via',
      '9',
      '--to',
      '12',
      '--frames',
      '10',
      '--mode',
      'lerp',
      '--loop',
      '--out',
      'frames',
    ]);
    expect(request).toMatchObject({
      stops: ['3', 'Blue moth', '9', '12'],
      frames: 10,
      options: { mode: 'lerp', easing: 'ease-in-out', loop: true },
    });
    expect(request.out).toMatch(/frames$/);
  });

  it('says what is missing or wrong', () => {
    expect(() => parseInterpolateArgs(['P', '--to', '1', '--out', 'x'])).toThrow(/--from and --to/);
    expect(() => parseInterpolateArgs(['P', '--from', '1', '--to', '2'])).toThrow(/--out/);
    expect(() =>
      parseInterpolateArgs(['P', '--from', '1', '--to', '2', '--out', 'x', '--frames', '1']),
    ).toThrow(/--frames is 2/);
    expect(() =>
      parseInterpolateArgs(['P', '--from', '1', '--to', '2', '--out', 'x', '--mode', 'cubic']),
    ).toThrow(/lerp or slerp/);
  });
});
