import { describe, expect, it } from 'vitest';
import { verdictOf, type VerdictInputs } from './verdict.js';

const healthy: VerdictInputs = {
  accuracy: 0.5,
  accuracyLow: 0.4,
  diversityRatio: 1,
  support: { support: 65536, atLeast: true },
  realCount: 240,
  sampleCount: 256,
  copyCount: 0,
};

describe('verdictOf', () => {
  it('grades the two-sample accuracy in plain words', () => {
    const say = (accuracy: number, accuracyLow: number) =>
      verdictOf({ ...healthy, accuracy, accuracyLow }).verdict;
    expect(say(0.55, 0.45)).toMatch(/^Convincing: .*55% right/);
    expect(say(0.7, 0.62)).toMatch(/^Close: .*70%/);
    expect(say(0.88, 0.84)).toMatch(/^Learning: .*88%/);
    expect(say(0.99, 0.97)).toMatch(/^Not there yet: .*99%.*Train longer/);
    expect(verdictOf(healthy).warnings).toEqual([]);
  });

  it('warns of collapse by spread or by repeats, before anything else', () => {
    const spread = verdictOf({ ...healthy, diversityRatio: 0.3 });
    expect(spread.verdict).toMatch(/^Collapsed/);
    expect(spread.warnings).toEqual([
      { code: 'mode-collapse', message: expect.stringMatching(/vary 30% as much/) },
    ]);
    const repeats = verdictOf({ ...healthy, support: { support: 16, atLeast: false } });
    expect(repeats.warnings[0]?.message).toMatch(/about 16 distinct images, fewer than the 240/);
    // A support above the data's size is no collapse.
    expect(verdictOf({ ...healthy, support: { support: 400, atLeast: false } }).warnings).toEqual([]);
  });

  it('counts copies, and calls a model that mostly copies a copier', () => {
    const few = verdictOf({ ...healthy, copyCount: 3 });
    expect(few.warnings).toEqual([{ code: 'copies', message: expect.stringMatching(/^3 of 256 samples/) }]);
    expect(few.verdict).toMatch(/^Convincing/);
    expect(verdictOf({ ...healthy, copyCount: 100 }).verdict).toMatch(/^Copying/);
  });

  it('speaks of translations for a CycleGAN', () => {
    expect(verdictOf({ ...healthy, noun: 'translations', accuracy: 0.9, accuracyLow: 0.85 }).verdict).toBe(
      'Learning: a fresh classifier still tells translations apart 90% of the time.',
    );
  });
});
