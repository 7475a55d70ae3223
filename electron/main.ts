import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  session,
  shell,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import { defaultDataDir } from '../main/platform/data-dir.js';
import { createStudio, type Studio } from '../main/studio.js';
import { appOrigin } from './app-origin.js';
import type { PickPathsRequest, PickSavePathRequest } from './ipc-channels.js';
import { connectStudioIpc } from './ipc.js';
import { installAppMenu } from './menu.js';
import { handleAppProtocols, registerPrivilegedSchemes } from './protocol.js';
import { createUtilityTrainerSpawner } from './trainer-spawner.js';
import { createMainWindow, focusWindow, hardenWebContents, lockDownSession } from './window.js';

const here = dirname(fileURLToPath(import.meta.url));
const paths = {
  preload: join(here, 'preload.cjs'),
  renderer: join(here, '..', 'renderer'),
  trainer: join(here, '..', 'main', 'training', 'trainer-process.js'),
};

const log = (line: string): void => console.error(`[ganvas] ${line}`);

// Before anything reads userData: the same folder the CLI and browser mode use (GANVAS_HOME
// included), whatever name Electron would have derived when started as `electron main.js`.
app.setName('Ganvas');
app.setPath('userData', defaultDataDir());
// Chromium's caches and storage go to a subfolder, keeping the data folder itself to Ganvas's files.
app.setPath('sessionData', join(app.getPath('userData'), 'chromium'));
registerPrivilegedSchemes();
app.enableSandbox();

if (app.requestSingleInstanceLock()) {
  run();
} else {
  // Another Ganvas owns this data folder; it gets 'second-instance' and comes to the front.
  app.quit();
}

const imageExtensions = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp', 'tif', 'tiff', 'avif'];

/** The system's open dialog, attached to the window that asked (a sheet on macOS). */
async function pickPaths(request: PickPathsRequest, parent: BrowserWindow | null): Promise<string[]> {
  const options: OpenDialogOptions = {
    properties: [
      request.directories ? 'openDirectory' : 'openFile',
      ...(request.multiple ? (['multiSelections'] as const) : []),
    ],
    ...(request.directories
      ? {}
      : {
          filters: [
            { name: 'Images', extensions: imageExtensions },
            { name: 'All files', extensions: ['*'] },
          ],
        }),
  };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

/** The system's save dialog for an export, attached to the window that asked. */
async function pickSavePath(
  request: PickSavePathRequest,
  parent: BrowserWindow | null,
): Promise<string | null> {
  const options: SaveDialogOptions = { defaultPath: request.defaultName, properties: ['createDirectory'] };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

function run(): void {
  let window: BrowserWindow | null = null;
  let studio: Studio | null = null;
  let disconnectIpc: (() => void) | null = null;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => focusWindow(window));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (studio && BrowserWindow.getAllWindows().length === 0) window = openWindow();
  });
  app.on('will-quit', (event) => {
    if (!studio) return;
    // Hold the quit until the trainer has been stopped, so it is never left orphaned mid-write.
    event.preventDefault();
    const stopping = studio;
    studio = null;
    disconnectIpc?.();
    stopping
      .dispose()
      .catch((error: unknown) => log(`shutting the studio down failed: ${(error as Error).message}`))
      .finally(() => app.quit());
  });

  const openWindow = (): BrowserWindow => {
    const created = createMainWindow({ preloadPath: paths.preload });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    return created;
  };

  app
    .whenReady()
    .then(async () => {
      lockDownSession(session.defaultSession);
      installAppMenu();
      studio = await createStudio({
        shell: 'electron',
        dataDir: app.getPath('userData'),
        spawnTrainer: createUtilityTrainerSpawner({ entry: paths.trainer, log }),
        // The system's own trash on every OS (Windows' Recycle Bin included).
        trashItem: (path) => shell.trashItem(path),
        log,
      });
      handleAppProtocols({ rendererDir: paths.renderer, studio });
      disconnectIpc = connectStudioIpc({
        ipcMain,
        studio,
        appOrigin,
        recipients: () => BrowserWindow.getAllWindows().map((each) => each.webContents),
        pickPaths: (request) => pickPaths(request, BrowserWindow.getFocusedWindow() ?? window),
        pickSavePath: (request) => pickSavePath(request, BrowserWindow.getFocusedWindow() ?? window),
        log,
      });
      window = openWindow();
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Ganvas could not start', (error as Error).message ?? String(error));
      app.exit(1);
    });
}
