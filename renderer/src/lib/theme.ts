import type { Settings } from '$contract';

export type Theme = Settings['theme'];

const cacheKey = 'ganvas.theme';

function isTheme(value: unknown): value is Theme {
  return value === 'system' || value === 'light' || value === 'dark';
}

/**
 * 'system' leaves the choice to `prefers-color-scheme` in the stylesheet; 'light' and 'dark' pin it.
 * The choice is also cached locally so the next launch paints in the right theme before settings load.
 */
export function applyTheme(theme: Theme, root: HTMLElement, storage: Pick<Storage, 'setItem'> | null): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    storage?.setItem(cacheKey, theme);
  } catch {
    // Storage can be unavailable (private windows, quota); the theme still applies for this session.
  }
}

export function cachedTheme(storage: Pick<Storage, 'getItem'> | null): Theme {
  try {
    const value = storage?.getItem(cacheKey);
    return isTheme(value) ? value : 'system';
  } catch {
    return 'system';
  }
}
