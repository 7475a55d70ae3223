import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { ExplorePage } from './pages/explore-page.js';
import { ProjectsPage } from './pages/projects-page.js';
import { StudioPage } from './pages/studio-page.js';
import { TrainPage } from './pages/train-page.js';

test('explore a freshly trained model: browse seeds, shape one with a direction slider, scrub a three-keyframe loop', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const studio = new StudioPage(page);
  await studio.goto();
  await new ProjectsPage(page).openSample();

  // A short training run gives the explorer a checkpoint.
  await studio.nav('train');
  await new TrainPage(page).trainShortRun('Explore me');

  await studio.nav('explore');
  const explore = new ExplorePage(page);
  await page.getByTestId('explore-run').selectOption({ label: 'Explore me' });
  await expect(explore.galleryImages).toHaveCount(16, { timeout: 60_000 });
  await explore.seeds.nth(5).click();
  await expect(explore.image).toBeVisible();
  await expect(page.getByTestId('latent-editor')).toContainText('Seed 5');

  // A direction slider reshapes the image.
  await expect(explore.sliders.first()).toBeVisible({ timeout: 60_000 });
  const before = await explore.srcOf(explore.image);
  await explore.sliders.first().fill('3');
  await expect.poll(() => explore.srcOf(explore.image)).not.toBe(before);

  // A favourite reopens exactly the image it was.
  const moved = await explore.srcOf(explore.image);
  await page.getByTestId('save-favorite').click();
  await page.getByTestId('favorite-name-input').fill('Seed five, pushed');
  await page.getByTestId('favorite-name-ok').click();
  await expect(page.getByTestId('favorite')).toContainText('Seed five, pushed');
  await explore.seeds.nth(2).click();
  await expect.poll(() => explore.srcOf(explore.image)).not.toBe(moved);
  await page.getByTestId('favorite-open').click();
  await expect.poll(() => explore.srcOf(explore.image)).toBe(moved);

  // Three keyframes, a loop, and a scrubbed timeline.
  await explore.addKeyframe.click();
  await explore.seeds.nth(1).click();
  await explore.addKeyframe.click();
  await explore.seeds.nth(9).click();
  await explore.addKeyframe.click();
  await expect(explore.keyframes).toHaveCount(3);
  await expect(explore.frame).toBeVisible();
  const start = await explore.srcOf(explore.frame);
  await explore.scrubber.fill('0.4');
  await expect.poll(() => explore.srcOf(explore.frame)).not.toBe(start);
  // A direction named by the artist keeps its name in the project.
  await page.getByTestId('direction-name-0').fill('rounder');
  await page.getByTestId('direction-name-0').press('Enter');
  await page.reload();
  await expect(page.getByTestId('direction-name-0')).toHaveValue('rounder', { timeout: 60_000 });

  // A − B + C, as in the DCGAN paper.
  await page.getByTestId('arithmetic-draw').click();
  await expect(page.getByTestId('arithmetic-image')).toHaveCount(4);

  // Input to pixels on screen, as the artist feels it: slider moved, new image decoded and shown.
  const latencies: number[] = [];
  for (let i = 0; i < 12; i++) {
    latencies.push(
      await page.evaluate(
        async (value) => {
          const slider = document.querySelector<HTMLInputElement>('[data-testid="direction-1"]');
          const image = document.querySelector<HTMLImageElement>('[data-testid="latent-image"]');
          if (!slider || !image) return NaN;
          const before = image.src;
          const started = performance.now();
          slider.value = String(value);
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          while (image.src === before) await new Promise((resolve) => requestAnimationFrame(resolve));
          await image.decode();
          await new Promise((resolve) => requestAnimationFrame(resolve));
          return performance.now() - started;
        },
        -2.5 + i * 0.4,
      ),
    );
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `Explorer input → pixels (e2e, 1 image): p50 ${sorted[6]?.toFixed(0)} ms, p95 ${sorted[11]?.toFixed(0)} ms over ${sorted.length} moves`,
  );

  await page.getByTestId('seed-gallery').scrollIntoViewIfNeeded();
  await page.screenshot({ path: fileURLToPath(new URL('../docs/screenshots/explore.png', import.meta.url)) });
  expect(problems).toEqual([]);
});
