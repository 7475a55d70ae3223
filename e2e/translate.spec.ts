import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { ProjectsPage } from './pages/projects-page.js';
import { StudioPage } from './pages/studio-page.js';
import { TrainPage } from './pages/train-page.js';
import { TranslatePage, type DroppedPicture } from './pages/translate-page.js';
import { collectProblems } from './support/page-problems.js';

const screenshots = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

/** A striped picture of the given size: something for the generator to translate. */
async function picture(
  relativePath: string,
  width: number,
  height: number,
  hue: number,
): Promise<DroppedPicture> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="hsl(${hue},70%,60%)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#222"/></svg>`;
  return { relativePath, base64: (await sharp(Buffer.from(svg)).png().toBuffer()).toString('base64') };
}

test('train a CycleGAN on the sample project’s two domains, watch its rows, then translate a folder', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const problems = collectProblems(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await new ProjectsPage(page).openSample();
  await studio.nav('train');
  const train = new TrainPage(page);

  // CycleGAN moves the form to the paired dataset and its own presets.
  if (!(await train.setup.isVisible())) await page.getByTestId('new-run').click();
  await page.getByTestId('model-cyclegan').check({ force: true });
  await expect(page.getByTestId('training-dataset').locator('option:checked')).toContainText(
    'Shapes ↔ Textures',
  );
  await expect(page.getByTestId('preset-quick')).toBeChecked();
  await train.start(
    'quick',
    { totalSteps: 30, sampleEvery: 10, checkpointEvery: 10, width: 8 },
    'Shapes to textures',
  );

  // The six losses in two charts, and the real → translated → reconstructed rows.
  await expect(page.getByTestId('chart-cycle')).toBeVisible();
  await expect(page.getByTestId('sample-legend')).toContainText('translated back');
  await expect.poll(() => train.chartPoints(), { timeout: 180_000 }).toBeGreaterThanOrEqual(10);
  await expect
    .poll(async () => Number(await train.sampleGrid.getAttribute('data-step')), { timeout: 180_000 })
    .toBeGreaterThanOrEqual(10);
  await expect(train.state).toHaveText('Finished', { timeout: 240_000 });
  await expect(page.getByTestId('run-settings')).toContainText('Residual blocks');

  await studio.nav('translate');
  const translate = new TranslatePage(page);
  await expect(translate.run.locator('option:checked')).toHaveText('Shapes to textures');
  await translate.drop([
    await picture('mine/wide.png', 96, 64, 30),
    await picture('mine/square.png', 64, 64, 200),
    await picture('mine/notes.txt', 1, 1, 0).then((file) => ({ ...file, base64: btoa('not a picture') })),
  ]);
  await translate.expectLoaded(translate.after);
  await translate.expectLoaded(translate.before);
  await expect(translate.previewStep).toContainText('step 30');
  await translate.split.fill('20');
  await expect(translate.before).toHaveAttribute('style', /inset\(0(px)? 80% 0(px)? 0(px)?\)/);

  // The same image at each checkpoint.
  await page.getByTestId('translate-compare-checkpoints').click();
  await expect(translate.checkpoints).toHaveCount(3, { timeout: 60_000 });

  // The other way round, then the whole drop as a job.
  await translate.direction('BtoA');
  await translate.expectLoaded(translate.after);
  await page.getByTestId('translate-all').click();
  await expect(translate.done).toContainText('Wrote 2 images', { timeout: 120_000 });
  await expect(translate.job).toContainText('1 could not be translated');
  await page.screenshot({ path: `${screenshots}translate.png` });
  expect(problems).toEqual([]);
});
