import sharp, { type OverlayOptions } from 'sharp';

export interface SheetLayout {
  columns: number;
  /** Pixels between cells and around the edge. */
  spacing: number;
  /** '#rrggbb'. */
  background: string;
  /** One caption per cell (e.g. its seed), or null for none. */
  captions: readonly string[] | null;
}

/** Caption text height for a cell size: readable, never more than a fifth of the cell. */
export function captionHeight(cellSize: number): number {
  return Math.max(12, Math.min(28, Math.round(cellSize / 5)));
}

export function sheetSize(
  count: number,
  cellSize: number,
  layout: SheetLayout,
): { width: number; height: number } {
  const columns = Math.min(layout.columns, count);
  const rows = Math.ceil(count / layout.columns);
  const cellHeight = cellSize + (layout.captions ? captionHeight(cellSize) + layout.spacing / 2 : 0);
  return {
    width: columns * cellSize + (columns + 1) * layout.spacing,
    height: rows * Math.round(cellHeight) + (rows + 1) * layout.spacing,
  };
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

/** Light text on dark grounds, dark text on light ones (relative luminance, WCAG 2.x). */
function textColour(background: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(background.slice(i, i + 2), 16) / 255);
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * linear(r ?? 0) + 0.7152 * linear(g ?? 0) + 0.0722 * linear(b ?? 0);
  return luminance > 0.4 ? '#222222' : '#e8e8e8';
}

/**
 * A contact sheet as PNG: square RGB cells in rows of `columns`, `spacing` apart on the background,
 * with an optional caption under each cell (drawn from SVG text by sharp's librsvg).
 */
export async function contactSheet(
  cells: readonly Uint8Array[],
  cellSize: number,
  layout: SheetLayout,
): Promise<Uint8Array> {
  const { width, height } = sheetSize(cells.length, cellSize, layout);
  const { spacing } = layout;
  const text = layout.captions ? captionHeight(cellSize) : 0;
  const rowHeight = Math.round(cellSize + (layout.captions ? text + spacing / 2 : 0));
  const place = (i: number) => ({
    left: spacing + (i % layout.columns) * (cellSize + spacing),
    top: spacing + Math.floor(i / layout.columns) * (rowHeight + spacing),
  });
  const composites: OverlayOptions[] = cells.map((pixels, i) => ({
    input: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.length),
    raw: { width: cellSize, height: cellSize, channels: 3 },
    ...place(i),
  }));
  if (layout.captions) {
    const fill = textColour(layout.background);
    const labels = layout.captions.slice(0, cells.length).map((caption, i) => {
      const { left, top } = place(i);
      const y = top + cellSize + spacing / 2 + text * 0.8;
      return `<text x="${left + cellSize / 2}" y="${y}" font-size="${text * 0.8}" text-anchor="middle">${escapeXml(caption)}</text>`;
    });
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<g font-family="DejaVu Sans, Helvetica, Arial, sans-serif" fill="${fill}">${labels.join('')}</g></svg>`;
    composites.push({ input: Buffer.from(svg), left: 0, top: 0 });
  }
  // Composing adds an alpha channel; the sheet is opaque, so it is dropped again before encoding.
  const composed = await sharp({ create: { width, height, channels: 3, background: layout.background } })
    .composite(composites)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const png = await sharp(composed.data, { raw: { width, height, channels: composed.info.channels } })
    .removeAlpha()
    .png({ compressionLevel: 6 })
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}
