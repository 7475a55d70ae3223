import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { EvaluatePanel } from './pages/evaluate-panel.js';
import { ProjectsPage } from './pages/projects-page.js';
import { StudioPage } from './pages/studio-page.js';
import { TrainPage } from './pages/train-page.js';
import { writeCollapsedCheckpoint } from './support/collapse-checkpoint.js';
import { collectProblems } from './support/page-problems.js';

const screenshots = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const runName = 'Evaluate me';

/** The folder of the sample project's run with this name. */
async function runFolderNamed(name: string): Promise<string> {
  const projects = process.env.GANVAS_E2E_PROJECTS_DIR;
  if (!projects) throw new Error('GANVAS_E2E_PROJECTS_DIR is not set.');
  const runs = join(projects, 'Sample Project.ganvas', 'runs');
  for (const id of await readdir(runs)) {
    try {
      const run = JSON.parse(await readFile(join(runs, id, 'run.json'), 'utf8')) as { name?: string };
      if (run.name === name) return join(runs, id);
    } catch {
      // Not a run.
    }
  }
  throw new Error(`No run named ${name}.`);
}

test('evaluate a trained run’s checkpoints, then see a deliberately collapsed checkpoint flagged on the dashboard', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const problems = collectProblems(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await new ProjectsPage(page).openSample();
  await studio.nav('train');
  const train = new TrainPage(page);
  await train.start('quick', { totalSteps: 30, sampleEvery: 10, checkpointEvery: 10, batchSize: 8 }, runName);

  // The first checkpoint can be judged while the run goes on training (evaluations have their own process).
  const evaluate = new EvaluatePanel(page);
  await expect(evaluate.panel).toBeVisible();
  await expect(train.checkpoint(10)).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('evaluation-empty')).toBeVisible();
  await evaluate.evaluate('newest');
  await expect(evaluate.verdict).toContainText(/Step (10|20|30):/);
  await expect(train.state).toHaveText('Finished', { timeout: 180_000 });

  // Every checkpoint: a verdict, each metric plotted per checkpoint, samples beside their nearest images.
  const checkpoints = await train.checkpoints.count();
  expect(checkpoints).toBeGreaterThanOrEqual(3);
  await evaluate.evaluate('all');
  await expect(evaluate.verdict).toContainText('Step 30');
  for (const chart of [
    evaluate.accuracyChart,
    evaluate.frechetChart,
    evaluate.kidChart,
    evaluate.diversityChart,
  ]) {
    expect(await evaluate.chartPoints(chart)).toBe(checkpoints);
  }
  // Thirty steps in, the samples are already closer to the images than at the first checkpoint, and
  // nothing is copied.
  const frechet = await evaluate.chartValues(evaluate.frechetChart);
  expect(frechet.at(-1)).toBeLessThan(frechet[0] ?? 0);
  await expect(evaluate.copies).toContainText('none found');
  await expect(evaluate.pairs).toHaveCount(6);
  // For the checkpoint on show: both distance distributions, both covariance spectra.
  expect(await evaluate.chartPoints(page.getByTestId('chart-distances'))).toBe(20);
  expect(await evaluate.chartPoints(page.getByTestId('chart-spectrum'))).toBeGreaterThan(1);
  await expect
    .poll(() =>
      evaluate.pairs
        .first()
        .locator('img')
        .first()
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBe(32);
  // Honest about its feature space.
  await expect(evaluate.featureNetwork).toContainText('MobileNetV2');
  await expect(evaluate.featureNetwork).toContainText('not with published FID tables');
  // Tall enough for the whole panel, so the screenshot shows it all.
  await page.setViewportSize({ width: 1280, height: 2000 });
  await evaluate.panel.screenshot({ path: join(screenshots, 'evaluate.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  // A collapsed generator: every sample the same image. The panel and the run's dashboard say so.
  await writeCollapsedCheckpoint(await runFolderNamed(runName), 30, 31);
  await page.reload();
  await expect(train.runName).toHaveText(runName);
  await expect(train.checkpoint(31)).toBeVisible();
  await evaluate.evaluate('newest');
  await expect(evaluate.verdict).toContainText('Step 31');
  await expect(evaluate.verdict).toContainText('Collapsed');
  await expect(evaluate.warnings.locator('[data-code="mode-collapse"]')).toBeVisible();
  await expect(
    page.getByTestId('run-warnings').locator('[data-code="mode-collapse"]').filter({ hasText: 'at step 31' }),
  ).toBeVisible();
  expect(problems).toEqual([]);
});
