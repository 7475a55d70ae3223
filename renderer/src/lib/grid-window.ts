/** The fixed geometry of a thumbnail grid: square cells, a gap between them, padding around them. */
export interface GridGeometry {
  cell: number;
  gap: number;
  padding: number;
}

export interface GridWindow {
  columns: number;
  rows: number;
  /** First and one-past-last index to render. */
  first: number;
  last: number;
  /** Where the first rendered row starts, from the top of the scrolled content. */
  offsetTop: number;
  /** Height of the whole scrolled content, padding included. */
  height: number;
}

/** How many cells fit side by side in a viewport of this width (at least one). */
export function columnsFor(width: number, geometry: GridGeometry): number {
  const inner = width - 2 * geometry.padding;
  return Math.max(1, Math.floor((inner + geometry.gap) / (geometry.cell + geometry.gap)));
}

/**
 * Which cells of a virtualised grid to render: only the rows in view plus a margin, so 10,000
 * thumbnails cost as much as a screenful.
 */
export function gridWindow(
  options: GridGeometry & {
    total: number;
    width: number;
    scrollTop: number;
    viewportHeight: number;
    overscanRows?: number;
  },
): GridWindow {
  const pitch = options.cell + options.gap;
  const columns = columnsFor(options.width, options);
  const rows = Math.ceil(options.total / columns);
  const overscan = options.overscanRows ?? 2;
  const top = Math.max(0, options.scrollTop - options.padding);
  const firstRow = Math.min(Math.max(0, rows - 1), Math.max(0, Math.floor(top / pitch) - overscan));
  const lastRow = Math.min(rows - 1, Math.floor((top + options.viewportHeight) / pitch) + overscan);
  return {
    columns,
    rows,
    first: Math.min(options.total, firstRow * columns),
    last: Math.min(options.total, (lastRow + 1) * columns),
    offsetTop: options.padding + firstRow * pitch,
    height: rows === 0 ? 0 : rows * pitch - options.gap + 2 * options.padding,
  };
}

/**
 * The scroll position that brings a cell fully into view, moving as little as possible (the same
 * position when it is already visible).
 */
export function scrollToShow(
  index: number,
  options: GridGeometry & { columns: number; scrollTop: number; viewportHeight: number },
): number {
  const pitch = options.cell + options.gap;
  const top = options.padding + Math.floor(index / options.columns) * pitch;
  const bottom = top + options.cell;
  if (top - options.padding < options.scrollTop) return Math.max(0, top - options.padding);
  if (bottom + options.padding > options.scrollTop + options.viewportHeight) {
    return bottom + options.padding - options.viewportHeight;
  }
  return options.scrollTop;
}
