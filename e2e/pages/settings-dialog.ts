import { expect, type Locator, type Page } from '@playwright/test';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type BackendChoice = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export class SettingsDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('settings-dialog');
  }

  theme(choice: ThemeChoice): Locator {
    return this.dialog.getByTestId(`settings-theme-${choice}`);
  }

  backend(choice: BackendChoice): Locator {
    return this.dialog.getByTestId(`settings-backend-${choice}`);
  }

  async chooseTheme(choice: ThemeChoice): Promise<void> {
    await this.theme(choice).check();
    await expect(this.theme(choice)).toBeChecked();
  }

  async close(): Promise<void> {
    await this.dialog.getByTestId('settings-close').click();
    await expect(this.dialog).toBeHidden();
  }
}
