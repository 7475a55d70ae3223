import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Ganvas keeps app-wide state (settings, recent projects), the same folder Electron's
 * app.getPath('userData') gives for productName "Ganvas", so the app and the CLI share it.
 * GANVAS_HOME overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.GANVAS_HOME) return env.GANVAS_HOME;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Ganvas');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Ganvas');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Ganvas');
}
