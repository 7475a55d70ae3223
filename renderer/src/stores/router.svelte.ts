import { defaultView, hashFor, viewFromHash, type ViewId } from '../lib/views.js';

/** Hash routes (#/train), so a view can be deep-linked and survives a reload. */
export class Router {
  current = $state<ViewId>(defaultView);
  readonly #window: Window;

  constructor(win: Window) {
    this.#window = win;
    const fromHash = viewFromHash(win.location.hash);
    this.current = fromHash ?? defaultView;
    if (!fromHash) win.history.replaceState(win.history.state, '', hashFor(this.current));
    win.addEventListener('hashchange', () => {
      const view = viewFromHash(win.location.hash);
      if (view) this.current = view;
      else win.history.replaceState(win.history.state, '', hashFor(this.current));
    });
  }

  go(view: ViewId): void {
    this.current = view;
    if (viewFromHash(this.#window.location.hash) !== view) this.#window.location.hash = hashFor(view);
  }
}
