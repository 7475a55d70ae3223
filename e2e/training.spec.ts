import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { ProjectsPage } from './pages/projects-page.js';
import { StudioPage } from './pages/studio-page.js';
import { TrainPage } from './pages/train-page.js';

const screenshots = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

test('train the sample project: watch it learn, pause, reopen, resume from the same step to the end', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const problems = collectProblems(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await new ProjectsPage(page).openSample();
  await studio.nav('train');
  const train = new TrainPage(page);

  await train.start('quick', { totalSteps: 60, sampleEvery: 10, checkpointEvery: 20, batchSize: 16 });
  await expect(train.state).toHaveText('Training');
  await expect.poll(() => train.currentStep(), { timeout: 120_000 }).toBeGreaterThanOrEqual(12);
  await expect(train.lossChart).not.toHaveAttribute('data-points', '0');
  await expect(train.sampleGrid).toBeVisible();
  await expect
    .poll(async () => Number(await train.sampleGrid.getAttribute('data-step')))
    .toBeGreaterThanOrEqual(10);
  // The grid image really loads (the project-file route serves it).
  await expect
    .poll(() => train.sampleGrid.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);

  await train.pause();
  const pausedAt = await train.currentStep();
  expect(pausedAt).toBeLessThan(60);
  await expect(train.checkpoints.first()).toHaveAttribute('data-step', String(pausedAt));

  // Quit and come back: the run is still there, paused at the same step.
  await page.reload();
  await studio.expectView('train');
  await expect(train.state).toHaveText('Paused');
  expect(await train.currentStep()).toBe(pausedAt);

  await train.resume();
  await expect(train.state).toHaveText('Finished', { timeout: 120_000 });
  expect(await train.currentStep()).toBe(60);
  // One curve, no gap and no repeat at the resume: a point for each of the 60 steps.
  await expect(train.lossChart).toHaveAttribute('data-points', '60');

  // The time-machine: back to the first grid (step 0, before training) with the scrubber.
  await train.scrubber.fill('0');
  await expect(train.sampleStep).toHaveText(/^Step 0$/);
  await train.scrubber.fill('100');
  await page.getByTestId('run-name').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screenshots}train.png`, fullPage: false });
  expect(problems).toEqual([]);
});
