import { expect, test } from '@playwright/test';
import { StudioPage } from './pages/studio-page.js';

test.describe('a trainer that dies mid-job', () => {
  test('leaves the studio running and the job marked failed with the reason', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await expect(studio.statusTrainer).toHaveText(/ready/i, { timeout: 60_000 });
    const pidText = await page.getByTestId('app-trainer').textContent();
    const pid = Number(/process (\d+)/i.exec(pidText ?? '')?.[1]);
    expect(pid).toBeGreaterThan(0);

    await studio.checkSpeedButton.click();
    await expect(studio.statusJob.getByRole('progressbar')).toBeVisible({ timeout: 30_000 });
    process.kill(pid, 'SIGKILL');

    await expect(studio.speedError).toContainText(/trainer process stopped unexpectedly/i, {
      timeout: 30_000,
    });
    await expect(studio.statusJob).toHaveText('No jobs running');

    // The window still works, and a new trainer takes the next job to the end.
    await studio.nav('train');
    await studio.nav('projects');
    await expect(page.getByTestId('app-trainer')).not.toContainText(String(pid), { timeout: 60_000 });
    await expect(studio.statusTrainer).toHaveText(/ready/i, { timeout: 60_000 });
    expect(await studio.checkSpeed()).toMatch(/s per step/);
  });
});
