import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { StudioPage } from './pages/studio-page.js';

/** Fixtures made by code: distinct pictures, a duplicate, and one of each kind of broken file. */
async function fixtureFiles(): Promise<Array<{ name: string; base64: string }>> {
  const picture = (seed: number) => {
    const size = 64;
    const pixels = Buffer.alloc(size * size * 3);
    for (let i = 0; i < pixels.length; i += 3) {
      const x = (i / 3) % size;
      const y = Math.floor(i / 3 / size);
      pixels[i] = (x * 4 + seed * 40) % 256;
      pixels[i + 1] = ((x >> 3) + (y >> 3) + seed) % 3 === 0 ? 250 : (y * 4) % 256;
      pixels[i + 2] = (seed * 70) % 256;
    }
    return sharp(pixels, { raw: { width: size, height: size, channels: 3 } });
  };
  const files: Array<{ name: string; bytes: Buffer }> = [];
  for (let seed = 0; seed < 4; seed++)
    files.push({ name: `moth-${seed}.png`, bytes: await picture(seed).png().toBuffer() });
  files.push({ name: 'moth-4.jpg', bytes: await picture(4).jpeg().toBuffer() });
  files.push({ name: 'moth-0-copy.png', bytes: files[0]?.bytes ?? Buffer.alloc(0) });
  const whole = await picture(9).png({ compressionLevel: 0 }).toBuffer();
  files.push({ name: 'cut-off.png', bytes: whole.subarray(0, whole.length >> 1) });
  files.push({ name: 'empty.png', bytes: Buffer.alloc(0) });
  files.push({ name: 'shopping-list.jpg', bytes: Buffer.from('eggs, milk, charcoal') });
  files.push({
    name: 'tiny.png',
    bytes: await sharp({ create: { width: 8, height: 8, channels: 3, background: '#333' } })
      .png()
      .toBuffer(),
  });
  return files.map(({ name, bytes }) => ({ name, base64: bytes.toString('base64') }));
}

/** Drops files onto the drop zone as a user's drag would deliver them. */
async function dropFiles(page: Page, files: Array<{ name: string; base64: string }>): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const { name, base64 } of list) {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      data.items.add(new File([bytes], name));
    }
    return data;
  }, files);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
}

test.describe('projects and datasets', () => {
  test('a dropped folder is imported with the right counts, duplicates and reasons, and curation persists', async ({
    page,
  }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await page.getByTestId('new-project-name').fill('Moths');
    await page.getByTestId('create-project').click();
    await expect(page.getByTestId('current-project')).toContainText('Moths');

    await studio.nav('dataset');
    await page.getByTestId('new-dataset-name').fill('Night flyers');
    await page.getByTestId('create-dataset').click();
    await expect(page.getByTestId('dataset-panel')).toContainText('Night flyers');

    await dropFiles(page, await fixtureFiles());
    const result = page.getByTestId('import-result');
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('result-imported')).toHaveText('5 imported');
    await expect(page.getByTestId('result-duplicates')).toHaveText('1 exact duplicates');
    await expect(page.getByTestId('result-rejected')).toHaveText('4 rejected');
    const reasons = await page.getByTestId('rejected-file').allTextContents();
    expect(reasons.sort()).toEqual([
      expect.stringMatching(/^cut-off\.png — truncated or corrupt PNG/),
      expect.stringMatching(/^empty\.png — empty file/),
      expect.stringMatching(/^shopping-list\.jpg — not an image file/),
      expect.stringMatching(/^tiny\.png — too small \(8×8 px/),
    ]);
    await expect(page.getByTestId('dataset-counts')).toContainText(
      '5 images · 0 excluded · 1 duplicates skipped · 4 rejected',
    );
    await expect(page.getByTestId('dataset-warning')).toContainText('GANs need many images');
    await expect(page.getByTestId('grid-image')).toHaveCount(5);

    await page.getByTestId('grid-image').first().click();
    await expect(page.getByTestId('dataset-counts')).toContainText('5 images · 1 excluded');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: 'docs/screenshots/dataset-import.png', fullPage: true });

    // Reload: the page forgets everything; the project on disk remembers.
    await page.reload();
    await studio.nav('projects');
    await page.getByTestId('recent-project').filter({ hasText: 'Moths' }).getByRole('button').first().click();
    await expect(page.getByTestId('current-project')).toContainText('Moths');
    await studio.nav('dataset');
    await expect(page.getByTestId('dataset-counts')).toContainText('5 images · 1 excluded');
  });

  test('the sample project has a DCGAN and a CycleGAN dataset with images', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await page.getByTestId('open-sample').click();
    await expect(page.getByTestId('current-project')).toContainText('Sample Project', { timeout: 60_000 });
    await studio.nav('dataset');
    await expect(page.getByTestId('dataset-tab')).toHaveText(['Shapes', 'Shapes ↔ Textures']);
    await expect(page.getByTestId('dataset-counts')).toContainText('240 images');
    await page.getByTestId('dataset-tab').nth(1).click();
    await page.getByTestId('domain-B').click();
    await expect(page.getByTestId('dataset-counts')).toContainText('240 images');
    await expect(page.getByTestId('grid-image').first()).toBeVisible();
    await page.getByTestId('grid-image').first().scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: 'docs/screenshots/dataset-sample.png', fullPage: true });
  });

  test('deleting a project asks first, and Cancel keeps it', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await page.getByTestId('new-project-name').fill('Keep me');
    await page.getByTestId('create-project').click();
    await expect(page.getByTestId('current-project')).toContainText('Keep me');
    await page.getByTestId('delete-project').click();
    await expect(page.getByTestId('confirm-dialog')).toContainText('goes to the system trash');
    await page.getByTestId('confirm-cancel').click();
    await expect(page.getByTestId('current-project')).toContainText('Keep me');
  });
});
