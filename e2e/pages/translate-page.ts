import { expect, type Locator, type Page } from '@playwright/test';

export interface DroppedPicture {
  relativePath: string;
  base64: string;
}

/** The Translate view: a CycleGAN, a direction, a drop, its before/after and the folder job. */
export class TranslatePage {
  readonly run: Locator;
  readonly step: Locator;
  readonly dropZone: Locator;
  readonly before: Locator;
  readonly after: Locator;
  readonly split: Locator;
  readonly previewStep: Locator;
  readonly checkpoints: Locator;
  readonly job: Locator;
  readonly done: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.run = page.getByTestId('translate-run');
    this.step = page.getByTestId('translate-step');
    this.dropZone = page.getByTestId('translate-drop');
    this.before = page.getByTestId('translate-before');
    this.after = page.getByTestId('translate-after');
    this.split = page.getByTestId('translate-split');
    this.previewStep = page.getByTestId('translate-preview-step');
    this.checkpoints = page.getByTestId('translate-checkpoints').locator('figure');
    this.job = page.getByTestId('translate-job');
    this.done = page.getByTestId('translate-done');
    this.error = page.getByTestId('translate-error');
  }

  async direction(direction: 'AtoB' | 'BtoA'): Promise<void> {
    // The radio is drawn as its label (a segmented control): click what the user sees.
    await this.page.locator('label', { has: this.page.getByTestId(`direction-${direction}`) }).click();
    await expect(this.page.getByTestId(`direction-${direction}`)).toBeChecked();
  }

  /** Drops files as a browser delivers a folder drag (File objects with webkitRelativePath). */
  async drop(files: DroppedPicture[]): Promise<void> {
    const transfer = await this.page.evaluateHandle((list) => {
      const data = new DataTransfer();
      for (const { relativePath, base64 } of list) {
        const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
        const file = new File([bytes], relativePath.split('/').at(-1) ?? relativePath);
        Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
        data.items.add(file);
      }
      return data;
    }, files);
    await this.dropZone.dispatchEvent('dragenter', { dataTransfer: transfer });
    await this.dropZone.dispatchEvent('dragover', { dataTransfer: transfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer: transfer });
  }

  /** Waits until an image has really loaded (decoded, not only its src set). */
  async expectLoaded(image: Locator): Promise<void> {
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), {
        timeout: 60_000,
      })
      .toBe(true);
  }
}
