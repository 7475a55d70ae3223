import { isAppUrl } from './app-origin.js';

/** The parts of Electron's WebFrameMain the guard looks at. */
export interface SenderFrame {
  readonly url: string;
  /** null for a top-level frame; a subframe (an iframe) has its parent here. */
  readonly parent: unknown;
  readonly detached?: boolean;
}

/**
 * Only the app's own top-level frame may call the studio. An iframe, a page that somehow navigated
 * elsewhere, or a frame already torn down (Electron then gives null) is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  if (!frame || frame.detached === true) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url, appOrigin);
}
