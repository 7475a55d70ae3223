import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { ProjectsPage } from './pages/projects-page.js';
import { StudioPage } from './pages/studio-page.js';
import { collectProblems } from './support/page-problems.js';
import { TrainPage } from './pages/train-page.js';

const screenshots = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

test('train the sample project: watch it learn, pause, reopen, resume from the same step, branch and delete', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const problems = collectProblems(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await new ProjectsPage(page).openSample();
  await studio.nav('train');
  const train = new TrainPage(page);

  // Quick look, made quicker for CI in Advanced settings.
  await train.start('quick', { totalSteps: 60, sampleEvery: 10, checkpointEvery: 20, batchSize: 16 });
  await expect(train.state).toHaveText('Training');
  await expect(train.runs.first()).toHaveAttribute('data-state', /running|queued/);
  // Other specs may have trained the sample project too: count from here.
  const runCount = await train.runs.count();

  // The step count rises, the chart fills, a sample grid appears and really loads.
  await expect.poll(() => train.currentStep(), { timeout: 120_000 }).toBeGreaterThanOrEqual(12);
  await expect.poll(() => train.chartPoints()).toBeGreaterThanOrEqual(12);
  await expect(train.speed).not.toHaveText(/—/);
  // The backend shown is the one the status bar reports.
  await expect(train.backend).not.toHaveText('—');
  expect(await studio.statusBackend.textContent()).toContain((await train.backend.textContent())?.trim());
  await expect(train.sampleGrid).toBeVisible();
  await expect
    .poll(async () => Number(await train.sampleGrid.getAttribute('data-step')))
    .toBeGreaterThanOrEqual(10);
  await expect
    .poll(() => train.sampleGrid.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);

  await train.pause();
  const pausedAt = await train.currentStep();
  expect(pausedAt).toBeGreaterThanOrEqual(12);
  expect(pausedAt).toBeLessThan(60);
  // Pausing writes a checkpoint at the step it stopped at; it is listed with its size.
  await expect(train.checkpoints.first()).toHaveAttribute('data-step', String(pausedAt));
  await expect(page.getByTestId('checkpoint-bytes')).toContainText(/\d+(\.\d)? (KB|MB)/);
  await expect(page.getByTestId('run-resume')).toHaveText(new RegExp(`Resume from step ${pausedAt}$`));

  // Quit and come back: the run is still there, paused at the same step.
  await page.reload();
  await studio.expectView('train');
  await expect(train.state).toHaveText('Paused');
  expect(await train.currentStep()).toBe(pausedAt);
  await expect.poll(() => train.chartPoints()).toBe(pausedAt);

  // Resume: it goes on from the paused step, not from an older checkpoint or from zero.
  await train.resume();
  await expect(train.state).toHaveText('Training');
  await expect.poll(() => train.currentStep(), { timeout: 60_000 }).toBeGreaterThan(pausedAt);
  // The docs' picture of a run in progress, once it has drawn a few grids.
  await expect
    .poll(async () => Number(await train.sampleGrid.getAttribute('data-step')), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(40);
  await expect
    .poll(() => train.sampleGrid.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  await page.screenshot({ path: `${screenshots}train.png` });
  await expect(train.state).toHaveText('Finished', { timeout: 120_000 });
  expect(await train.currentStep()).toBe(60);
  // One curve, no gap and no repeat at the resume: a point for each of the 60 steps.
  await expect.poll(() => train.chartPoints()).toBe(60);

  // The time-machine: back to the first grid (step 0, before training) with the scrubber, then play.
  await train.scrubber.fill('0');
  await expect(train.sampleStep).toHaveText(/^Step 0$/);
  await train.playButton.click();
  await expect(train.playButton).toHaveAttribute('aria-pressed', 'true');
  // It plays through every grid to the newest, then stops.
  await expect(train.playButton).toHaveAttribute('aria-pressed', 'false', { timeout: 15_000 });
  expect(await train.scrubber.evaluate((range: HTMLInputElement) => range.value === range.max)).toBe(true);
  await expect(train.sampleStep).not.toHaveText('Step 0');

  // Branch from the last checkpoint: the architecture stays, other settings may change.
  const form = await train.openBranch(60);
  await expect(form.getByTestId('setting-size')).toBeDisabled();
  await expect(form.getByTestId('setting-width')).toBeDisabled();
  await expect(form.getByTestId('setting-latentDim')).toBeDisabled();
  await expect(form.getByTestId('setting-batchSize')).toBeEnabled();
  await train.startBranch({ totalSteps: 70, discriminatorLearningRate: 0.0001 }, 'Slower D');
  await expect(train.runs).toHaveCount(runCount + 1);
  await expect(page.getByTestId('run-dashboard')).toContainText('branched from');
  await expect(train.state).toHaveText('Finished', { timeout: 120_000 });
  expect(await train.currentStep()).toBe(70);
  // The branch carries its parent's curve up to the branch point, then its own.
  await expect.poll(() => train.chartPoints()).toBe(70);

  // Delete the branch, after a confirmation; the parent stays.
  await train.deleteRun();
  await expect(train.runs).toHaveCount(runCount);
  await expect(train.runName).not.toHaveText('Slower D');
  expect(problems).toEqual([]);
});
