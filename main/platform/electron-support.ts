import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectronSupport } from '../contract/index.js';

export interface ElectronProbe {
  /** The folder of the installed `electron` npm package, or null when it is not installed. */
  packageDir: string | null;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  exists: (path: string) => boolean;
  readText: (path: string) => string;
}

/**
 * Whether the Electron shell can start here, and if not, one line saying why. The npm package
 * downloads its binary lazily; without it (or without a display on Linux) Ganvas runs in browser mode.
 */
export function electronSupport(probe: ElectronProbe): ElectronSupport & { binary: string | null } {
  if (!probe.packageDir) {
    return { canRun: false, binary: null, reason: 'the electron package is not installed' };
  }
  const pathFile = join(probe.packageDir, 'path.txt');
  if (!probe.exists(pathFile)) {
    return {
      canRun: false,
      binary: null,
      reason: 'the Electron binary has not been downloaded (run `node node_modules/electron/install.js`)',
    };
  }
  const binary = join(probe.packageDir, 'dist', probe.readText(pathFile).trim());
  if (!probe.exists(binary)) {
    return { canRun: false, binary: null, reason: `the Electron binary is missing (${binary})` };
  }
  if (probe.platform === 'linux' && !probe.env.DISPLAY && !probe.env.WAYLAND_DISPLAY) {
    return {
      canRun: false,
      binary,
      reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    };
  }
  return { canRun: true, binary, reason: 'Electron is installed and a display is available' };
}

export function probeThisMachine(packageRootDir: string): ElectronProbe {
  const dir = join(packageRootDir, 'node_modules', 'electron');
  return {
    packageDir: existsSync(join(dir, 'package.json')) ? dir : null,
    platform: process.platform,
    env: process.env,
    exists: existsSync,
    readText: (path) => readFileSync(path, 'utf8'),
  };
}
