import { expect, type Locator, type Page } from '@playwright/test';

/** A file to drop, made in the test: its path inside the dropped folder and its bytes. */
export interface FixtureFile {
  relativePath: string;
  base64: string;
}

/** The Dataset view: datasets, the drop zones, the import result and the image grid. */
export class DatasetPage {
  readonly panel: Locator;
  readonly counts: Locator;
  readonly warnings: Locator;
  readonly grid: Locator;
  readonly gridImages: Locator;
  readonly result: Locator;
  readonly rejectedFiles: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('dataset-panel');
    this.counts = page.getByTestId('dataset-counts');
    this.warnings = page.getByTestId('dataset-warning');
    this.grid = page.getByTestId('image-grid');
    this.gridImages = page.getByTestId('grid-image');
    this.result = page.getByTestId('import-result');
    this.rejectedFiles = page.getByTestId('rejected-file');
    this.error = page.getByTestId('dataset-error');
  }

  tab(name: string): Locator {
    return this.page.getByTestId('dataset-tab').filter({ hasText: name });
  }

  async create(name: string, options: { kind?: 'single' | 'paired'; resolution?: 32 | 64 | 128 | 256 } = {}) {
    if (await this.page.getByTestId('new-dataset').isVisible())
      await this.page.getByTestId('new-dataset').click();
    await this.page.getByTestId('new-dataset-name').fill(name);
    await this.page.getByTestId(`new-dataset-${options.kind ?? 'single'}`).check();
    if (options.resolution) {
      await this.page.getByTestId('new-dataset-resolution').selectOption(String(options.resolution));
    }
    await this.page.getByTestId('create-dataset').click();
    await expect(this.panel.getByRole('heading', { level: 2 })).toHaveText(name);
  }

  dropZone(domain: 'main' | 'A' | 'B' = 'main'): Locator {
    return this.page.getByTestId(`drop-zone-${domain}`);
  }

  /**
   * Drops files as a folder drag delivers them when the browser gives no directory entries (as with
   * any synthetic drop): File objects whose webkitRelativePath keeps the folder structure.
   */
  async drop(files: FixtureFile[], domain: 'main' | 'A' | 'B' = 'main'): Promise<void> {
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
    const zone = this.dropZone(domain);
    await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
  }

  async waitForResult(): Promise<void> {
    await expect(this.result).toBeVisible({ timeout: 60_000 });
  }

  section(name: 'images' | 'duplicates' | 'rejected' | 'statistics'): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }

  filter(name: 'all' | 'included' | 'excluded'): Locator {
    return this.page.getByTestId(`filter-${name}`);
  }
}
