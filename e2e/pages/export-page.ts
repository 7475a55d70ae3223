import { expect, type Locator, type Page } from '@playwright/test';

/** The Export view: the kind of export, its form, the job and its files, and the reopen drop zone. */
export class ExportPage {
  readonly start: Locator;
  readonly name: Locator;
  readonly size: Locator;
  readonly files: Locator;
  readonly jobState: Locator;
  readonly dropZone: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.start = page.getByTestId('export-start');
    this.name = page.getByTestId('export-name');
    this.size = page.getByTestId('export-size');
    this.files = page.getByTestId('export-file');
    this.jobState = page.getByTestId('export-job-state');
    this.dropZone = page.getByTestId('reopen-drop');
    this.error = page.getByTestId('export-error');
  }

  async kind(kind: 'image' | 'sheet' | 'animation' | 'model' | 'archive'): Promise<void> {
    await this.page.getByTestId(`export-kind-${kind}`).click();
  }

  /** Starts the export and waits for its job to finish; returns the files it lists. */
  async run(name: string, timeout = 120_000): Promise<string[]> {
    const panel = this.page.getByTestId('export-job');
    const before = (await panel.count()) > 0 ? await panel.getAttribute('data-job-id') : null;
    await this.name.fill(name);
    await this.start.click();
    // A model export first finds the model's directions (seconds on a CPU) before its job starts.
    await expect(panel).toHaveAttribute('data-job-id', /.+/, { timeout: 60_000 });
    await expect.poll(() => panel.getAttribute('data-job-id'), { timeout: 60_000 }).not.toBe(before);
    await expect(this.jobState).toHaveText('done', { timeout });
    return this.files.allTextContents();
  }

  /** Drops a file on the reopen zone as a drag from the desktop delivers it. */
  async drop(name: string, bytes: Buffer): Promise<void> {
    const transfer = await this.page.evaluateHandle(
      ({ name: fileName, base64 }) => {
        const data = new DataTransfer();
        data.items.add(
          new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], fileName, { type: 'image/png' }),
        );
        return data;
      },
      { name, base64: bytes.toString('base64') },
    );
    await this.dropZone.dispatchEvent('dragover', { dataTransfer: transfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer: transfer });
  }
}
