import { startBrowserMode } from './support/browser-mode.js';

/**
 * Starts browser mode once for the whole run (a fresh GANVAS_HOME and projects folder) and publishes
 * its URL, secret included, as GANVAS_URL, and its projects folder as GANVAS_E2E_PROJECTS_DIR.
 * Returns the teardown that stops it. The first-launch spec starts its own, emptier, instance.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const studio = await startBrowserMode();
  process.env.GANVAS_URL = studio.url;
  process.env.GANVAS_E2E_PROJECTS_DIR = studio.projectsDir;
  return studio.stop;
}
