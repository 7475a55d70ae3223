export const views = [
  { id: 'projects', label: 'Projects' },
  { id: 'dataset', label: 'Dataset' },
  { id: 'train', label: 'Train' },
  { id: 'explore', label: 'Explore' },
  { id: 'translate', label: 'Translate' },
  { id: 'export', label: 'Export' },
] as const;

export type ViewId = (typeof views)[number]['id'];

export const defaultView: ViewId = 'projects';

export function hashFor(view: ViewId): string {
  return `#/${view}`;
}

/** `#/train` -> 'train'; anything else -> null. */
export function viewFromHash(hash: string): ViewId | null {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0];
  return views.find((view) => view.id === id)?.id ?? null;
}

export interface ShortcutKey {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * Ctrl+1..6 (Cmd+1..6 on a Mac) jump to a view. The physical digit key counts, so layouts that need
 * Shift for digits (AZERTY) work too; Alt combinations are left to the system.
 */
export function viewForShortcut(event: ShortcutKey): ViewId | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const digit =
    /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1] ?? (/^[1-9]$/.test(event.key) ? event.key : null);
  if (digit === null) return null;
  if (event.shiftKey && !event.code.startsWith('Digit')) return null;
  return views[Number(digit) - 1]?.id ?? null;
}

/** Roving focus in the nav: arrows wrap around, Home and End jump to the ends. */
export function nextNavIndex(current: number, key: string, count: number): number | null {
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowUp':
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
