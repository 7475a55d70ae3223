import { describe, expect, it } from 'vitest';
import { type LossSample, lossSwings } from './loss-swings.js';

function curve(steps: number, value: (step: number) => number, every = 1): LossSample[] {
  const out: LossSample[] = [];
  for (let step = every; step <= steps; step += every) out.push({ step, value: value(step) });
  return out;
}

describe('lossSwings', () => {
  it('sees a straight descent as all trend and no swing', () => {
    const swings = lossSwings(
      curve(1000, (step) => 5 - step / 100),
      100,
    );
    expect(swings).not.toBeNull();
    // Smoothed points run from step 101 to 1000: the line falls by 899 / 100.
    expect(swings?.fromStep).toBe(101);
    expect(swings?.toStep).toBe(1000);
    expect(swings?.decrease).toBeCloseTo(8.99, 6);
    expect(swings?.amplitude).toBeCloseTo(0, 6);
  });

  it('counts a single jump, ramp or spike as fewer than five half swings, wherever it falls', () => {
    for (let at = 100; at <= 1400; at += 100) {
      const jump = curve(1500, (step) => (step < at ? 1.2 : 4.6));
      const ramp = curve(1500, (step) => 1.2 + 3.4 * Math.min(1, Math.max(0, (step - at) / 200)));
      const spike = curve(1500, (step) => (step > at && step <= at + 100 ? 4.6 : 1.2));
      for (const events of [jump, ramp, spike]) expect(lossSwings(events, 100)?.halfSwings).toBeLessThan(5);
    }
  });

  it('reports a rise as a negative decrease', () => {
    expect(
      lossSwings(
        curve(600, (step) => 1 + step / 300),
        50,
      )?.decrease,
    ).toBeLessThan(0);
  });

  it('keeps slow swings, measured around a flat trend', () => {
    const swings = lossSwings(
      curve(1600, (step) => 2 + 1.5 * Math.sin((2 * Math.PI * step) / 400)),
      100,
    );
    // A 100-step average keeps sin(π/4)/(π/4) ≈ 0.9 of a 400-step swing; a sine's RMS is amplitude/√2.
    const expected = (1.5 * Math.sin(Math.PI / 4)) / (Math.PI / 4) / Math.SQRT2;
    expect(swings?.amplitude).toBeGreaterThan(expected * 0.9);
    expect(swings?.amplitude).toBeLessThan(expected * 1.1);
    expect(swings?.level).toBeCloseTo(2, 1);
    // Five and a half periods do not fit the window exactly, so the trend tilts a little, no more.
    expect(Math.abs(swings?.decrease ?? Infinity)).toBeLessThan(swings?.amplitude ?? 0);
    // 1500 smoothed steps hold 3.75 periods: seven or eight half swings, depending on the phase.
    expect(swings?.halfSwings).toBeGreaterThanOrEqual(7);
    expect(swings?.halfSwings).toBeLessThanOrEqual(8);
  });

  it('averages step-to-step minibatch noise away', () => {
    const swings = lossSwings(
      curve(1000, (step) => (step % 2 ? 3.5 : 0.5)),
      100,
    );
    expect(swings?.level).toBeCloseTo(2, 6);
    expect(swings?.amplitude).toBeLessThan(0.01);
  });

  it('works on sparse ticks, and gives nothing for a curve shorter than its smoothing', () => {
    expect(
      lossSwings(
        curve(2000, () => 1, 50),
        100,
      )?.amplitude,
    ).toBeCloseTo(0, 9);
    expect(
      lossSwings(
        curve(100, () => 1),
        100,
      ),
    ).toBeNull();
    expect(lossSwings([], 100)).toBeNull();
  });
});
