/**
 * Which cells of a virtualised grid to render: only the rows in view plus a margin, so 10,000
 * thumbnails cost as much as a screenful.
 */
export function gridWindow(options: {
  total: number;
  width: number;
  cell: number;
  gap: number;
  scrollTop: number;
  viewportHeight: number;
  overscanRows?: number;
}): { columns: number; rows: number; first: number; last: number; offsetTop: number; height: number } {
  const pitch = options.cell + options.gap;
  const columns = Math.max(1, Math.floor((options.width + options.gap) / pitch));
  const rows = Math.ceil(options.total / columns);
  const overscan = options.overscanRows ?? 2;
  const firstRow = Math.max(0, Math.floor(options.scrollTop / pitch) - overscan);
  const lastRow = Math.min(
    rows - 1,
    Math.ceil((options.scrollTop + options.viewportHeight) / pitch) + overscan,
  );
  return {
    columns,
    rows,
    first: Math.min(options.total, firstRow * columns),
    last: Math.min(options.total, (lastRow + 1) * columns),
    offsetTop: firstRow * pitch,
    height: Math.max(0, rows * pitch - options.gap),
  };
}
