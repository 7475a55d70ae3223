/**
 * Where a key moves the active cell of a grid laid out in rows of `columns`: arrows by one cell or row,
 * Page Up/Down by a screenful of rows, Home/End to the first or last image. null for other keys, and
 * for an empty grid.
 */
export function nextGridIndex(
  current: number,
  key: string,
  layout: { columns: number; total: number; pageRows: number },
): number | null {
  const { columns, total } = layout;
  if (total === 0) return null;
  const clamp = (index: number) => Math.min(total - 1, Math.max(0, index));
  const page = Math.max(1, layout.pageRows) * columns;
  switch (key) {
    case 'ArrowRight':
      return clamp(current + 1);
    case 'ArrowLeft':
      return clamp(current - 1);
    case 'ArrowDown': {
      if (current + columns < total) return current + columns;
      // The last row may be short: moving down from above its gap lands on its last image.
      const onLastRow = Math.floor(current / columns) === Math.floor((total - 1) / columns);
      return onLastRow ? clamp(current) : total - 1;
    }
    case 'ArrowUp':
      return current - columns >= 0 ? current - columns : clamp(current);
    case 'PageDown':
      return clamp(current + page);
    case 'PageUp':
      return clamp(current - page);
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return null;
  }
}

/** The indices from one cell to another, both included, in either order (a shift-click range). */
export function rangeBetween(anchor: number, index: number): { from: number; to: number } {
  return { from: Math.min(anchor, index), to: Math.max(anchor, index) };
}
