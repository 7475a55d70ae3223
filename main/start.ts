import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './platform/data-dir.js';
import { electronSupport, probeThisMachine } from './platform/electron-support.js';
import { openInDefaultBrowser } from './platform/open-browser.js';
import { packageRoot } from './platform/package-root.js';
import { startBrowserServer } from './server/browser-server.js';
import { createStudio } from './studio.js';
import { createNodeTrainerSpawner } from './training/node-trainer-spawner.js';

/**
 * `npm start`: the Electron app where Electron can run; otherwise one line saying why, and the
 * same studio served to a browser on 127.0.0.1.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      browser: { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
      'no-open': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npm start [-- --browser] [--port N] [--no-open]');
    return;
  }
  const root = packageRoot();
  if (!values.browser) {
    const support = electronSupport(probeThisMachine(root));
    if (support.canRun && support.binary) return runElectron(support.binary, root);
    console.log(`Electron cannot start here: ${support.reason}. Starting Ganvas in browser mode instead.`);
  }
  await runBrowserMode(root, Number(values.port), !values['no-open']);
}

function runElectron(binary: string, root: string): void {
  const child = spawn(binary, [join(root, 'out', 'electron', 'main.js')], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
}

async function runBrowserMode(root: string, port: number, open: boolean): Promise<void> {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, not ${port}`);
  const studio = await createStudio({
    shell: 'browser',
    dataDir: defaultDataDir(),
    spawnTrainer: createNodeTrainerSpawner(),
    log: (line) => console.error(`[ganvas] ${line}`),
  });
  const server = await startBrowserServer({
    studio,
    rendererDir: join(root, 'out', 'renderer'),
    port,
    log: (line) => console.error(`[ganvas] ${line}`),
  });
  console.log(`Ganvas is running at ${server.url}`);
  if (open && openInDefaultBrowser(server.url)) console.log('Opened it in your default browser.');
  else console.log('Open that address in a browser on this machine. Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await studio.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`Ganvas could not start: ${(error as Error).message}`);
  process.exit(1);
});
