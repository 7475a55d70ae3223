import { BrowserWindow, nativeTheme, shell, type Session, type WebContents } from 'electron';
import { appEntryUrl, isAppUrl } from './app-origin.js';
import { externalLinkToOpen, isNetworkUrl } from './navigation-policy.js';

/**
 * The studio window. The page gets no Node, runs sandboxed in its own JavaScript world apart from
 * the preload, and only ever shows the app's own origin; the CSP arrives with the page from the
 * protocol handler.
 */
export function createMainWindow(options: { preloadPath: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    title: 'Ganvas',
    show: false,
    // Painted before the page loads, so a dark system does not flash white at startup.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17171b' : '#f6f6f7',
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appEntryUrl);
  return window;
}

/**
 * Applied to every webContents the app creates (app 'web-contents-created'), not only the main
 * window's, so nothing opened later escapes the rules: no new windows, no navigation away from the
 * app, no <webview>. http(s) links go to the system browser instead.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  // will-navigate is the main frame only; subframes (which the CSP forbids anyway) and server
  // redirects have their own events. Only a main-frame link is handed to the system browser.
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The studio needs no camera, microphone, location, notifications or devices: every permission
 * request and check is refused, and the page may not reach the network at all (CSP says so too;
 * this holds for anything the CSP does not cover).
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: isNetworkUrl(details.url) }));
}

/** Brings the window forward, e.g. when a second launch hands over to this instance. */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function openExternally(url: string): void {
  const link = externalLinkToOpen(url);
  if (link) void shell.openExternal(link).catch(() => undefined);
}
