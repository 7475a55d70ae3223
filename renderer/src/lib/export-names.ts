import type { ExportForm } from '../stores/export.svelte.js';

/** A file name for an export that says what it is (the service adds the folder). */
export function suggestedName(
  form: Pick<ExportForm, 'kind' | 'source' | 'size'>,
  seed: number,
  now: number,
): string {
  const stamp = new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  switch (form.kind) {
    case 'image':
      return form.source === 'current' ? `seed-${seed}-${form.size}px.png` : `images-${stamp}`;
    case 'sheet':
      return `sheet-${stamp}.png`;
    case 'animation':
      return `loop-${stamp}`;
    case 'model':
      return `web-${stamp}`;
    case 'archive':
      return `archive-${stamp}.zip`;
  }
}
