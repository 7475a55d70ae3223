import { describe, expect, it } from 'vitest';
import { gridWindow } from './grid-window.js';

describe('gridWindow', () => {
  it('renders only the rows in view, plus overscan, for a huge grid', () => {
    const window = gridWindow({
      total: 10_000,
      width: 800,
      cell: 96,
      gap: 4,
      scrollTop: 5_000,
      viewportHeight: 600,
    });
    expect(window.columns).toBe(8);
    expect(window.rows).toBe(1250);
    expect(window.first).toBe(48 * 8);
    expect(window.last).toBe(59 * 8);
    expect(window.last - window.first).toBeLessThan(100);
    expect(window.offsetTop).toBe(48 * 100);
    expect(window.height).toBe(1250 * 100 - 4);
  });

  it('handles the ends and an empty grid', () => {
    expect(
      gridWindow({ total: 3, width: 800, cell: 96, gap: 4, scrollTop: 0, viewportHeight: 600 }),
    ).toMatchObject({
      first: 0,
      last: 3,
    });
    expect(
      gridWindow({ total: 0, width: 800, cell: 96, gap: 4, scrollTop: 0, viewportHeight: 600 }),
    ).toMatchObject({
      first: 0,
      last: 0,
      height: 0,
    });
  });
});
