import { expect, test } from '@playwright/test';
import { DatasetPage } from './pages/dataset-page.js';
import { ProjectsPage } from './pages/projects-page.js';
import { StudioPage } from './pages/studio-page.js';
import { startBrowserMode, type BrowserMode } from './support/browser-mode.js';

// A Ganvas of its own: a first launch needs a data folder that has never seen a project.
let fresh: BrowserMode;
test.beforeAll(async () => {
  fresh = await startBrowserMode();
});
test.afterAll(async () => {
  await fresh.stop();
});

test('the first launch opens the sample project with its datasets, and only the first', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const studio = new StudioPage(page);
  const projects = new ProjectsPage(page);
  await studio.goto(undefined, { url: fresh.url, firstLaunch: true });

  await projects.expectOpen('Sample Project', 90_000);
  await expect(projects.currentPath).toHaveText(`${fresh.projectsDir}/Sample Project.ganvas`);
  await expect(page.getByTestId('current-project-datasets')).toContainText('Shapes, Shapes ↔ Textures');
  await expect(projects.recent).toHaveCount(1);

  await studio.nav('dataset');
  const dataset = new DatasetPage(page);
  await expect(page.getByTestId('dataset-tab')).toHaveText(['ShapesDCGAN', 'Shapes ↔ TexturesCycleGAN']);
  await expect(dataset.counts).toContainText('240 images');
  await expect(dataset.gridImages.first()).toBeVisible();

  // Closed, then reloaded: the welcome is not repeated.
  await studio.nav('projects');
  await projects.close();
  await page.reload();
  await expect(projects.recent).toHaveCount(1);
  await expect(projects.current).toBeHidden();
  await expect(projects.sidebarProject).toContainText('None open');
  expect(problems).toEqual([]);
});
