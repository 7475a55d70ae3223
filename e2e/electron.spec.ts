import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The npm package downloads its binary lazily; path.txt names it once it is there. */
function electronBinaryInstalled(): boolean {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

const skipReason =
  'Electron binary not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); browser-mode e2e covers the UI';
const canLaunch = electronBinaryInstalled();
// The list reporter shows skipped tests without their reason; say it once in the run's output.
if (!canLaunch) console.log(`Electron e2e skipped: ${skipReason}`);
test.skip(!canLaunch, skipReason);

test.describe('Electron shell', () => {
  let app: ElectronApplication;
  let home: string;

  test.beforeEach(async () => {
    // A fresh data folder: isolated settings, and no clash with the single-instance lock of a
    // Ganvas the developer may have open.
    home = mkdtempSync(join(tmpdir(), 'ganvas-electron-e2e-'));
    const env = Object.fromEntries(
      Object.entries({
        ...process.env,
        GANVAS_HOME: home,
        GANVAS_PROJECTS_DIR: join(home, 'Projects'),
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    app = await electron.launch({ args: [join(root, 'out', 'electron', 'main.js')], cwd: root, env });
  });

  test.afterEach(async () => {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('opens the studio on the Projects view with the backend in the status bar', async () => {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
    await expect(page.getByTestId('status-backend')).toBeVisible();
    await expect(page.getByTestId('status-backend')).not.toBeEmpty();
  });

  test('gives the page the bridge and nothing else', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const facts = await page.evaluate(() => ({
      origin: location.origin,
      bridge: Object.keys((globalThis as { ganvas?: object }).ganvas ?? {}).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      // Denied by the window-open handler; a non-http URL, so nothing opens in the system browser.
      popup: window.open('ganvas://app/index.html') === null,
    }));
    expect(facts).toEqual({
      origin: 'ganvas://app',
      bridge: ['invoke', 'on', 'pathForFile', 'pickPaths'],
      require: 'undefined',
      process: 'undefined',
      popup: true,
    });
    expect(app.windows()).toHaveLength(1);
  });

  test('answers calls over IPC with the contract shape', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const outcomes = await page.evaluate(async () => {
      const bridge = (
        globalThis as unknown as { ganvas: { invoke(call: string, args: unknown): Promise<unknown> } }
      ).ganvas;
      return {
        info: await bridge.invoke('app:info', {}),
        unknown: await bridge.invoke('fs:readEverything', {}),
        malformed: await bridge.invoke('app:info', { path: '/etc/passwd' }),
      };
    });
    expect(outcomes.info).toMatchObject({ ok: true, value: { name: 'Ganvas', shell: 'electron' } });
    expect(outcomes.unknown).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    expect(outcomes.malformed).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
  });
});
