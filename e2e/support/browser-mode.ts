import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const startupTimeoutMs = 60_000;
const urlLine = /Ganvas is running at (http:\/\/\S+)/;

export interface BrowserMode {
  /** The studio's URL, secret included. */
  url: string;
  /** Its fresh GANVAS_HOME (settings, recent list, trash), removed by stop(). */
  home: string;
  /** Where it creates projects (GANVAS_PROJECTS_DIR), inside home. */
  projectsDir: string;
  stop(): Promise<void>;
}

/**
 * Starts `node out/main/start.js --browser` with a fresh GANVAS_HOME, so a run never sees (or
 * changes) the developer's own settings, projects or trash, and waits for the URL it prints.
 */
export async function startBrowserMode(): Promise<BrowserMode> {
  for (const built of ['out/main/start.js', 'out/renderer/index.html']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first.`);
  }
  const home = mkdtempSync(join(tmpdir(), 'ganvas-e2e-'));
  const projectsDir = join(home, 'Projects');
  const child = spawn(process.execPath, [join(root, 'out/main/start.js'), '--browser', '--no-open'], {
    cwd: root,
    // Its own trash too, so a project deleted by a test never lands in the developer's.
    env: {
      ...process.env,
      GANVAS_HOME: home,
      GANVAS_PROJECTS_DIR: projectsDir,
      XDG_DATA_HOME: join(home, 'xdg-data'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const remember = (line: string): void => {
    output.push(line);
    if (output.length > 40) output.shift();
  };
  createInterface({ input: child.stderr }).on('line', remember);

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(home, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('browser mode printed no URL in time')),
        startupTimeoutMs,
      );
      createInterface({ input: child.stdout }).on('line', (line) => {
        remember(line);
        const match = urlLine.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`browser mode exited early (${signal ?? `code ${code}`})`));
      });
    });
    return { url, home, projectsDir, stop };
  } catch (error) {
    await stop();
    throw new Error(
      `Could not start Ganvas for the e2e tests: ${(error as Error).message}\n${output.join('\n')}`,
      {
        cause: error,
      },
    );
  }
}
