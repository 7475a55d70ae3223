import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { DatasetPage } from './pages/dataset-page.js';
import { ProjectsPage } from './pages/projects-page.js';
import { StudioPage } from './pages/studio-page.js';
import { collectProblems } from './support/page-problems.js';
import { mothsFolder, writePictures } from './support/fixture-images.js';

const screenshots = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function openStudio(page: Page) {
  const studio = new StudioPage(page);
  await studio.goto();
  return { studio, projects: new ProjectsPage(page), dataset: new DatasetPage(page) };
}

test.describe('projects and datasets', () => {
  test('a dropped folder is imported with the right counts, duplicates and reasons, and curation persists', async ({
    page,
  }) => {
    const problems = collectProblems(page);
    const { studio, projects, dataset } = await openStudio(page);
    await projects.create('Moths');
    await studio.nav('dataset');
    await dataset.create('Night flyers');
    await expect(page.getByTestId('no-images')).toBeVisible();

    const folder = await mothsFolder();
    await dataset.drop(folder.files);
    await dataset.waitForResult();
    await expect(page.getByTestId('result-imported')).toHaveText(`${folder.good} imported`);
    await expect(page.getByTestId('result-duplicates')).toHaveText('1 exact duplicate');
    await expect(page.getByTestId('result-rejected')).toHaveText(`${folder.rejected.length} rejected`);
    const reasons = (await dataset.rejectedFiles.allTextContents()).sort();
    expect(reasons).toHaveLength(folder.rejected.length);
    folder.rejected.forEach(({ path, reason }, index) => {
      expect(reasons[index]?.startsWith(`${path} — `)).toBe(true);
      expect(reasons[index]).toMatch(reason);
    });
    await expect(dataset.counts).toHaveText('5 images · 0 excluded · 1 duplicate skipped · 4 rejected');
    await expect(dataset.warnings.first()).toContainText('GANs need many images');
    await expect(dataset.gridImages).toHaveCount(5);

    // Click, keyboard and shift-click a range.
    await dataset.gridImages.nth(0).click();
    await expect(dataset.counts).toContainText('5 images · 1 excluded');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await expect(dataset.counts).toContainText('5 images · 2 excluded');
    await page.keyboard.press('Space');
    await expect(dataset.counts).toContainText('5 images · 1 excluded');
    await dataset.gridImages.nth(3).click({ modifiers: ['Shift'] });
    await expect(dataset.counts).toContainText('5 images · 4 excluded');
    await expect(dataset.gridImages.nth(4)).toHaveAttribute('aria-selected', 'true');
    await dataset.filter('excluded').click();
    await expect(dataset.gridImages).toHaveCount(4);
    await dataset.filter('all').click();

    await dataset.section('duplicates').click();
    await expect(page.getByTestId('duplicate-row')).toHaveCount(1);
    await dataset.section('rejected').click();
    await expect(page.getByTestId('report-rejected')).toHaveCount(4);
    await dataset.section('statistics').click();
    await expect(page.getByTestId('stats-count')).toHaveText('1');
    await expect(page.getByTestId('mean-colour')).toBeVisible();
    await dataset.section('images').click();
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.locator('main').evaluate((main) => main.scrollTo({ top: 0 }));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'dataset-import.png') });
    await page.setViewportSize({ width: 1280, height: 800 });

    // A reload forgets everything in the page; the window reopens its project and the disk remembers.
    await page.reload();
    await studio.expectView('dataset');
    await expect(dataset.counts).toHaveText('5 images · 4 excluded · 1 duplicate skipped · 4 rejected');
    await expect(dataset.gridImages.nth(0)).toHaveAttribute('aria-selected', 'false');
    await expect(dataset.gridImages.nth(1)).toHaveAttribute('aria-selected', 'false');
    expect(problems).toEqual([]);
  });

  test('a paired dataset takes a folder per domain from the folder picker, and a re-import adds only what is new', async ({
    page,
  }) => {
    const { studio, projects, dataset } = await openStudio(page);
    const pictures = mkdtempSync(join(tmpdir(), 'ganvas-e2e-pictures-'));
    try {
      mkdirSync(join(pictures, 'night'));
      await writePictures(join(pictures, 'night'), ['a.png', 'b.png', 'c.png']);
      await projects.create('Day and night');
      await studio.nav('dataset');
      await dataset.create('Day ↔ Night', { kind: 'paired', resolution: 32 });
      await expect(dataset.dropZone('A')).toBeVisible();

      await dataset
        .dropZone('B')
        .getByTestId('drop-zone-B-folder-input')
        .setInputFiles(join(pictures, 'night'));
      await dataset.waitForResult();
      await expect(page.getByTestId('result-imported')).toHaveText('3 imported');
      await expect(page.getByTestId('domain-B')).toContainText('3');
      await expect(page.getByTestId('domain-A')).toContainText('0');
      await page.getByTestId('domain-B').click();
      await expect(dataset.counts).toHaveText(
        'Domain B: 3 images · 0 excluded · 0 duplicates skipped · 0 rejected',
      );
      await expect(dataset.warnings.first()).toContainText('has no images yet');

      await dataset
        .dropZone('B')
        .getByTestId('drop-zone-B-folder-input')
        .setInputFiles(join(pictures, 'night'));
      await expect(page.getByTestId('result-present')).toHaveText('3 already here', { timeout: 60_000 });
      await expect(page.getByTestId('result-imported')).toHaveText('0 imported');
    } finally {
      rmSync(pictures, { recursive: true, force: true });
    }
  });

  test('the sample project has a DCGAN and a CycleGAN dataset with images', async ({ page }) => {
    const problems = collectProblems(page);
    const { studio, projects, dataset } = await openStudio(page);
    await projects.openSample();
    await studio.nav('dataset');
    await expect(page.getByTestId('dataset-tab')).toHaveText(['ShapesDCGAN', 'Shapes ↔ TexturesCycleGAN']);
    await expect(dataset.counts).toContainText('240 images');
    await expect(dataset.gridImages.first()).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 1180 });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'dataset.png') });

    await dataset.tab('Shapes ↔ Textures').click();
    await page.getByTestId('domain-B').click();
    await expect(dataset.counts).toContainText('Domain B: 240 images');
    await expect(dataset.gridImages.first()).toBeVisible();
    // Virtualised: a screenful of cells is in the page, not all 240.
    expect(await page.getByRole('gridcell').count()).toBeLessThan(120);
    await dataset.grid.evaluate((grid) => grid.scrollTo({ top: grid.scrollHeight }));
    await expect(dataset.grid.locator('[data-index="239"]')).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('deleting a project asks first, names its folder, and Cancel keeps it', async ({ page }) => {
    const { projects } = await openStudio(page);
    await projects.create('Keep me');
    const path = await projects.currentPath.innerText();
    await projects.current.getByTestId('delete-project').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog).toContainText('goes to the system trash');
    await expect(dialog.getByTestId('delete-folder')).toHaveText(path);
    await dialog.getByTestId('confirm-cancel').click();
    await expect(dialog).toBeHidden();
    await projects.expectOpen('Keep me');

    await projects.current.getByTestId('delete-project').click();
    await dialog.getByTestId('confirm-ok').click();
    await expect(projects.notice).toContainText('Keep me is in the trash');
    await expect(projects.current).toBeHidden();
    await expect(projects.recentEntry('Keep me')).toHaveCount(0);
  });

  test('a lock left by a Ganvas that is gone names its holder and can be broken', async ({ page }) => {
    const { projects } = await openStudio(page);
    await projects.create('Left locked');
    const path = await projects.currentPath.innerText();
    await projects.close();
    // A process id that is certainly not running any more: a child that has already exited.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(
      join(path, '.ganvas.lock'),
      JSON.stringify({
        pid: gone,
        hostname: hostname(),
        app: 'Ganvas 0.0.9 (browser)',
        since: Date.now() - 60_000,
      }),
    );

    await projects.recentEntry('Left locked').getByTestId('open-recent').click();
    await expect(projects.conflict).toContainText('This project was left locked');
    await expect(page.getByTestId('lock-holder')).toContainText(`pid ${gone} on ${hostname()}`);
    await expect(projects.current).toBeHidden();
    await page.getByTestId('break-lock').click();
    await projects.expectOpen('Left locked');
    await expect(projects.notice).toContainText('stale lock was removed');
  });

  test('renames and duplicates the open project, and lists them as recent', async ({ page }) => {
    const { projects } = await openStudio(page);
    await projects.create('Sketchbook');
    await projects.current.getByTestId('rename-project').click();
    await page.getByTestId('rename-dialog-input').fill('Sketchbook 2026');
    await page.getByTestId('rename-dialog-ok').click();
    await projects.expectOpen('Sketchbook 2026');
    await expect(projects.currentPath).toHaveText(/Sketchbook 2026\.ganvas$/);

    await projects.current.getByTestId('duplicate-project').click();
    await expect(page.getByTestId('duplicate-dialog-input')).toHaveValue('Sketchbook 2026 copy');
    await page.getByTestId('duplicate-dialog-ok').click();
    await projects.expectOpen('Sketchbook 2026 copy');
    await expect(projects.notice).toContainText('Sketchbook 2026 is closed and unchanged');
    await expect(projects.recentEntry('Sketchbook 2026')).toHaveCount(1);
    await expect(projects.recentEntry('Sketchbook 2026 copy')).toHaveCount(1);

    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'projects.png') });
  });
});
