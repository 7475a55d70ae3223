import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where new projects go unless the user picks a folder: GANVAS_PROJECTS_DIR, else a Projects folder
 * inside GANVAS_HOME (tests, portable installs), else ~/Ganvas.
 */
export function defaultProjectsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GANVAS_PROJECTS_DIR) return env.GANVAS_PROJECTS_DIR;
  if (env.GANVAS_HOME) return join(env.GANVAS_HOME, 'Projects');
  return join(homedir(), 'Ganvas');
}
