import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { readProvenance, withProvenance } from '../main/export/provenance.js';
import { inspectMp4 } from '../main/export/test-support/media-inspect.js';
import { ExplorePage } from './pages/explore-page.js';
import { ExportPage } from './pages/export-page.js';
import { ProjectsPage } from './pages/projects-page.js';
import { StudioPage } from './pages/studio-page.js';
import { TrainPage } from './pages/train-page.js';

/** The project folder that holds an export (the sample project, in the e2e projects folder). */
function projectHolding(relative: string): string {
  const dir = process.env.GANVAS_E2E_PROJECTS_DIR ?? '';
  const found = readdirSync(dir)
    .map((name) => join(dir, name))
    .find((root) => existsSync(join(root, relative)));
  if (!found) throw new Error(`No project in ${dir} holds ${relative}`);
  return found;
}

test('from the sample project: a favourite as a 1024 px PNG, a 3-second looping MP4 and GIF, a contact sheet and a web page; the PNG dropped back reopens it', async ({
  page,
  context,
}) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const studio = new StudioPage(page);
  await studio.goto();
  await new ProjectsPage(page).openSample();
  await studio.nav('train');
  await new TrainPage(page).trainShortRun('Export me');

  // A favourite, and three keyframes for the loop.
  await studio.nav('explore');
  const explore = new ExplorePage(page);
  await page.getByTestId('explore-run').selectOption({ label: 'Export me' });
  await expect(explore.galleryImages).toHaveCount(16, { timeout: 60_000 });
  await explore.seeds.nth(5).click();
  await expect(page.getByTestId('latent-editor')).toContainText('Seed 5');
  await expect(explore.image).toBeVisible();
  await page.getByTestId('save-favorite').click();
  await page.getByTestId('favorite-name-input').fill('For the wall');
  await page.getByTestId('favorite-name-ok').click();
  // Other specs may have saved favourites in the sample project too: this one is found by its name.
  const favourite = page.getByTestId('favorite').filter({ hasText: 'For the wall' });
  await expect(favourite).toHaveCount(1);
  for (const seed of [1, 9, 12]) {
    await explore.seeds.nth(seed).click();
    await explore.addKeyframe.click();
  }
  await expect(explore.keyframes).toHaveCount(3);

  // The explorer's Export… button opens the Export view.
  await page.getByTestId('export-current').click();
  const exporter = new ExportPage(page);
  await expect(exporter.start).toBeVisible();

  // The favourite at 1024 px, downloaded as a browser does in browser mode.
  await exporter.kind('image');
  await page.getByLabel('Favourites').check();
  await page.getByTestId('export-favorites').getByLabel('For the wall').check();
  await exporter.size.fill('1024');
  const stamp = Date.now();
  const [pngFile] = await exporter.run(`favourite-${stamp}.png`);
  expect(pngFile).toBe(`exports/favourite-${stamp}.png`);
  const download = page.waitForEvent('download');
  await exporter.files.first().click();
  const png = readFileSync((await (await download).path()) ?? '');
  const meta = await sharp(png).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['png', 1024, 1024]);
  const provenance = readProvenance(png);
  expect(provenance.ok && [provenance.provenance.point.seed, provenance.provenance.size]).toEqual([5, 1024]);

  // Asking again for the same name asks before replacing.
  await exporter.start.click();
  await expect(page.getByRole('dialog')).toContainText('already exists');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  // A 3-second loop through the three keyframes, as MP4 and GIF, with a preview first.
  await exporter.kind('animation');
  await page.getByTestId('export-preview').click();
  await expect(page.getByTestId('export-preview-strip').locator('img')).toHaveCount(8);
  await exporter.size.fill('128');
  const loopFiles = await exporter.run(`loop-${stamp}`, 240_000);
  expect(loopFiles.sort()).toEqual([`exports/loop-${stamp}.gif`, `exports/loop-${stamp}.mp4`]);
  const root = projectHolding(`exports/loop-${stamp}.mp4`);
  const mp4 = inspectMp4(readFileSync(join(root, `exports/loop-${stamp}.mp4`)));
  expect(mp4).toMatchObject({ codec: 'avc1', width: 128, height: 128, frames: 72 });
  expect(mp4.seconds).toBeCloseTo(3, 1);
  const gif = await sharp(readFileSync(join(root, `exports/loop-${stamp}.gif`)), { pages: -1 }).metadata();
  expect([gif.width, gif.loop]).toEqual([128, 0]);
  expect(gif.delay?.reduce((sum, ms) => sum + ms, 0)).toBe(3000);

  // The training time-machine: the run's sample grids as an animation.
  await page.getByTestId('export-source-training').check();
  const trainingFiles = await exporter.run(`training-${stamp}`);
  expect(trainingFiles.sort()).toEqual([`exports/training-${stamp}.gif`, `exports/training-${stamp}.mp4`]);
  expect(inspectMp4(readFileSync(join(root, `exports/training-${stamp}.mp4`))).frames).toBeGreaterThanOrEqual(
    2,
  );

  // A contact sheet of eight seeds with captions.
  await exporter.kind('sheet');
  await page.getByTestId('export-source-seeds').check();
  await page.getByTestId('export-count').fill('8');
  await exporter.size.fill('64');
  const [sheetFile] = await exporter.run(`sheet-${stamp}.png`);
  const sheet = await sharp(join(root, sheetFile ?? '')).metadata();
  expect([sheet.width, sheet.height]).toEqual([4 * 64 + 5 * 8, 2 * (64 + 13 + 4) + 3 * 8]);

  await page.mouse.move(0, 0);
  await page.screenshot({ path: fileURLToPath(new URL('../docs/screenshots/export.png', import.meta.url)) });

  // The web page with the model, opened from disk in Chromium: it draws a sample.
  await exporter.kind('model');
  const webFiles = await exporter.run(`web-${stamp}`);
  expect(webFiles.map((f) => f.split('/').at(-1)).sort()).toEqual([
    'index.html',
    'model-data.js',
    'model.json',
    'tf.min.js',
    'weights.bin',
  ]);
  const web = await context.newPage();
  const webProblems: string[] = [];
  web.on('pageerror', (error) => webProblems.push(error.message));
  await web.goto(`file://${join(root, `exports/web-${stamp}/index.html`)}`);
  await expect(web.locator('#status')).toHaveAttribute('data-drawn-seed', '0', { timeout: 60_000 });
  // The canvas holds a picture, not an empty (transparent) one.
  const opaque = await web.evaluate(() => {
    const canvas = document.getElementById('sample') as HTMLCanvasElement;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] === 255) count++;
    return count / (canvas.width * canvas.height);
  });
  expect(opaque).toBe(1);
  // Seed 5 on the page: compared below with the app's own picture of the favourite (seed 5).
  await web.locator('#seed').fill('5');
  await expect(web.locator('#status')).toHaveAttribute('data-drawn-seed', '5');
  const pageSeed5 = await web.evaluate(() => {
    const canvas = document.getElementById('sample') as HTMLCanvasElement;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    return Array.from(data).filter((_, i) => i % 4 !== 3);
  });
  expect(webProblems).toEqual([]);
  await web.close();

  // Dropping the PNG back reopens exactly that image in the explorer: the one its favourite shows.
  await studio.nav('explore');
  await expect(explore.image).toBeVisible({ timeout: 30_000 });
  const elsewhere = await explore.srcOf(explore.image);
  await favourite.getByTestId('favorite-open').click();
  await expect.poll(() => explore.srcOf(explore.image), { timeout: 30_000 }).not.toBe(elsewhere);
  const favouriteImage = await explore.srcOf(explore.image);
  // The web page drew the same picture as the app (TensorFlow.js on the browser's CPU backend
  // against the app's wasm: float rounding may move a channel by a level or two, no more).
  const appSeed5 = await sharp(Buffer.from(favouriteImage.split(',')[1] ?? '', 'base64'))
    .removeAlpha()
    .raw()
    .toBuffer();
  expect(pageSeed5).toHaveLength(appSeed5.length);
  const worst = Math.max(...pageSeed5.map((value, i) => Math.abs(value - (appSeed5[i] ?? 0))));
  expect(worst).toBeLessThanOrEqual(2);
  await explore.seeds.nth(2).click();
  await expect.poll(() => explore.srcOf(explore.image), { timeout: 30_000 }).not.toBe(favouriteImage);
  await studio.nav('export');
  await exporter.drop('favourite.png', png);
  await expect(page.getByTestId('latent-editor')).toContainText('Seed 5', { timeout: 30_000 });
  await expect.poll(() => explore.srcOf(explore.image), { timeout: 30_000 }).toBe(favouriteImage);

  // A PNG from a run this project does not have says so, and nothing else changes.
  if (!provenance.ok) throw new Error(provenance.problem);
  const foreign = withProvenance(png, {
    ...provenance.provenance,
    run: { id: 'gone-run', name: 'Old experiment' },
  });
  await studio.nav('export');
  await exporter.drop('foreign.png', Buffer.from(foreign));
  await expect(exporter.error).toContainText('“Old experiment”');
  await expect(exporter.error).toContainText('not in this project');
  expect(problems).toEqual([]);
});
