import { describe, expect, it } from 'vitest';
import { columnsFor, gridWindow, scrollToShow } from './grid-window.js';

const geometry = { cell: 96, gap: 4, padding: 0 };

describe('gridWindow', () => {
  it('renders only the rows in view, plus overscan, for a huge grid', () => {
    const window = gridWindow({
      ...geometry,
      total: 10_000,
      width: 800,
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

  it('renders the same small number of cells anywhere in 10,000 images', () => {
    const counts = [0, 1, 123_456, 124_400, 200_000].map((scrollTop) => {
      const window = gridWindow({ ...geometry, total: 10_000, width: 800, scrollTop, viewportHeight: 600 });
      expect(window.first).toBeGreaterThanOrEqual(0);
      expect(window.last).toBeLessThanOrEqual(10_000);
      return window.last - window.first;
    });
    expect(Math.max(...counts)).toBeLessThanOrEqual(11 * 8);
    // Scrolled to the very end: the last image is rendered.
    const end = gridWindow({
      ...geometry,
      total: 10_000,
      width: 800,
      scrollTop: 124_996 - 600,
      viewportHeight: 600,
    });
    expect(end.last).toBe(10_000);
  });

  it('keeps the padding out of the columns and the rows', () => {
    const padded = { cell: 96, gap: 4, padding: 10 };
    expect(columnsFor(820, padded)).toBe(8);
    expect(columnsFor(815, padded)).toBe(7);
    const window = gridWindow({ ...padded, total: 80, width: 820, scrollTop: 10 + 300, viewportHeight: 200 });
    expect(window.first).toBe(1 * 8); // row 3 in view, two rows of overscan above
    expect(window.offsetTop).toBe(10 + 100);
    expect(window.height).toBe(10 * 100 - 4 + 20);
  });

  it('handles a short grid, an empty one, and a viewport narrower than one cell', () => {
    expect(
      gridWindow({ ...geometry, total: 3, width: 800, scrollTop: 0, viewportHeight: 600 }),
    ).toMatchObject({
      first: 0,
      last: 3,
    });
    expect(
      gridWindow({ ...geometry, total: 0, width: 800, scrollTop: 0, viewportHeight: 600 }),
    ).toMatchObject({
      first: 0,
      last: 0,
      height: 0,
    });
    expect(gridWindow({ ...geometry, total: 5, width: 20, scrollTop: 0, viewportHeight: 150 })).toMatchObject(
      {
        columns: 1,
        first: 0,
        last: 4,
      },
    );
  });

  it('never starts past the end when the list shrank under a deep scroll position', () => {
    const window = gridWindow({ ...geometry, total: 16, width: 800, scrollTop: 90_000, viewportHeight: 600 });
    expect(window.first).toBe(8);
    expect(window.last).toBe(16);
  });
});

describe('scrollToShow', () => {
  const layout = { cell: 96, gap: 4, padding: 8, columns: 8, viewportHeight: 300 };

  it('leaves the scroll alone for a cell in view', () => {
    expect(scrollToShow(9, { ...layout, scrollTop: 0 })).toBe(0);
  });

  it('scrolls up just enough to show a cell above', () => {
    expect(scrollToShow(8, { ...layout, scrollTop: 500 })).toBe(100);
  });

  it('scrolls down just enough to show a cell below, padding included', () => {
    // Row 5 spans 508..604; with 8 px of padding below, the viewport must end at 612.
    expect(scrollToShow(40, { ...layout, scrollTop: 0 })).toBe(612 - 300);
  });
});
