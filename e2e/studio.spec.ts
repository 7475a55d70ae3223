import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { StudioPage, studioViews } from './pages/studio-page.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const screenshots = join(root, 'docs', 'screenshots');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** Console errors, uncaught exceptions and CSP violations: none are acceptable in a walk through the UI. */
function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

test.describe('studio in browser mode', () => {
  test('opens on Projects with the app info, a compute backend and the trainer in view', async ({ page }) => {
    const problems = collectProblems(page);
    const studio = new StudioPage(page);
    await studio.goto();

    // The secret moves out of the address bar as soon as the page has it.
    expect(page.url()).not.toContain('token=');
    await expect(studio.statusConnection).toHaveText('Connected');
    await expect(studio.statusBackend).toHaveText(/(wasm|cpu) · \S/, { timeout: 30_000 });
    await expect(studio.statusTrainer).toContainText('Trainer');
    await expect(studio.statusJob).toHaveText('No jobs running');
    await expect(page.getByTestId('app-version')).toHaveText(`Ganvas ${version}`);
    await expect(page.getByTestId('app-shell')).toContainText('Browser mode');
    await expect(page.getByTestId('app-backend')).toContainText(/wasm|cpu/);
    expect(problems).toEqual([]);
  });

  test('walks every view from the sidebar, without a project and with one', async ({ page }) => {
    const problems = collectProblems(page);
    const studio = new StudioPage(page);
    await studio.goto();
    await expect(studio.statusBackend).toHaveText(/(wasm|cpu) · /, { timeout: 30_000 });
    mkdirSync(screenshots, { recursive: true });

    // No project open: every view but Projects says so and leads back to Projects.
    for (const view of studioViews.filter((each) => each.id !== 'projects')) {
      await studio.nav(view.id);
      await expect(studio.needsProject).toContainText('Open or create a project first');
      await expect(page).toHaveTitle(`${view.heading} — Ganvas`);
    }
    await studio.needsProject.getByTestId('go-to-projects').click();
    await studio.expectView('projects');

    await page.getByTestId('open-sample').click();
    await expect(page.getByTestId('sidebar-project')).toContainText('Sample Project', { timeout: 90_000 });
    // Every view is built; one without anything to show yet says what to do first.
    await studio.nav('translate');
    await expect(studio.emptyState('translate')).toContainText('Train a CycleGAN');
    expect(problems).toEqual([]);
  });

  test('switches views with Ctrl/Cmd+1..6 in any order', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    for (const view of [...studioViews].reverse()) await studio.shortcut(view.id);
    await studio.shortcut('train');
    await studio.shortcut('projects');
  });

  test('moves through the nav with the arrow keys and opens a view with Enter', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.navLink('projects').focus();
    await page.keyboard.press('ArrowDown');
    await expect(studio.navLink('dataset')).toBeFocused();
    await page.keyboard.press('End');
    await expect(studio.navLink('export')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(studio.navLink('projects')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(studio.navLink('translate')).toBeFocused();
    await page.keyboard.press('Enter');
    await studio.expectView('translate');
  });

  test('opens a deep link and stays there across a reload', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto('train');
    await expect(studio.needsProject).toBeVisible();
    // The reload has no token in its URL: the tab kept it in session storage.
    await page.reload();
    await studio.expectView('train');
    await expect(studio.statusConnection).toHaveText('Connected');
    await expect(studio.connectionBanner).toBeHidden();
  });

  test('checks the speed of this machine and shows the result', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const result = await studio.checkSpeed();
    expect(result).toMatch(/^[\d.e+-]+ s per step · [\d.e+-]+ GFLOP\/s$/);
    await expect(studio.speedResult).toHaveAttribute('title', /Measured on (wasm|cpu) over 20 steps/);
    await expect(studio.statusJob).toHaveText('No jobs running');
    await expect(studio.checkSpeedButton).toBeEnabled();
  });

  test('cancels a speed check while it runs', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.checkSpeedButton.click();
    await studio.cancelSpeedButton.click();
    await expect(studio.speedCancelled).toBeVisible({ timeout: 30_000 });
    await expect(studio.statusJob).toHaveText('No jobs running');
    await expect(studio.checkSpeedButton).toBeEnabled();
  });

  test('switches to the dark theme and keeps it after a reload', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const settings = await studio.openSettings();
    await expect(settings.backend('auto')).toBeChecked();
    await expect(settings.theme('system')).toBeChecked();

    const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await settings.chooseTheme('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await settings.close();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(
      lightBackground,
    );
    await expect(studio.statusBackend).toHaveText(/(wasm|cpu) · /, { timeout: 30_000 });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'projects-dark.png') });

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

    // Back to following the system, so later runs start from the default.
    await (await studio.openSettings()).chooseTheme('system');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/);
  });
});
