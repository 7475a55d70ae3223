import { describe, expect, it } from 'vitest';
import { spreadSteps } from './spread-steps.js';

describe('spreadSteps', () => {
  it('keeps every step when there are few, else spreads them evenly from first to newest', () => {
    expect(spreadSteps([250, 500], 4)).toEqual([250, 500]);
    expect(spreadSteps([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4)).toEqual([1, 4, 7, 10]);
    expect(spreadSteps([0, 250, 500, 750, 1000], 4)).toEqual([0, 250, 750, 1000]);
  });
});
