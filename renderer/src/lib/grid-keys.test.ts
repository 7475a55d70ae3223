import { describe, expect, it } from 'vitest';
import { nextGridIndex, rangeBetween } from './grid-keys.js';

// 10 images in rows of 4:   0 1 2 3 / 4 5 6 7 / 8 9
const layout = { columns: 4, total: 10, pageRows: 2 };

describe('nextGridIndex', () => {
  it('moves by a cell sideways and a row up or down', () => {
    expect(nextGridIndex(5, 'ArrowRight', layout)).toBe(6);
    expect(nextGridIndex(5, 'ArrowLeft', layout)).toBe(4);
    expect(nextGridIndex(5, 'ArrowDown', layout)).toBe(9);
    expect(nextGridIndex(5, 'ArrowUp', layout)).toBe(1);
  });

  it('stops at the edges', () => {
    expect(nextGridIndex(0, 'ArrowLeft', layout)).toBe(0);
    expect(nextGridIndex(9, 'ArrowRight', layout)).toBe(9);
    expect(nextGridIndex(2, 'ArrowUp', layout)).toBe(2);
    expect(nextGridIndex(9, 'ArrowDown', layout)).toBe(9);
  });

  it('lands on the last image when the row below is too short', () => {
    expect(nextGridIndex(7, 'ArrowDown', layout)).toBe(9);
    expect(nextGridIndex(6, 'ArrowDown', layout)).toBe(9);
  });

  it('pages by a screenful of rows and jumps to the ends', () => {
    expect(nextGridIndex(1, 'PageDown', layout)).toBe(9);
    expect(nextGridIndex(9, 'PageUp', layout)).toBe(1);
    expect(nextGridIndex(5, 'Home', layout)).toBe(0);
    expect(nextGridIndex(5, 'End', layout)).toBe(9);
  });

  it('ignores other keys and empty grids', () => {
    expect(nextGridIndex(5, 'a', layout)).toBeNull();
    expect(nextGridIndex(0, 'ArrowRight', { ...layout, total: 0 })).toBeNull();
  });
});

describe('rangeBetween', () => {
  it('orders the two ends', () => {
    expect(rangeBetween(7, 2)).toEqual({ from: 2, to: 7 });
    expect(rangeBetween(2, 7)).toEqual({ from: 2, to: 7 });
    expect(rangeBetween(3, 3)).toEqual({ from: 3, to: 3 });
  });
});
