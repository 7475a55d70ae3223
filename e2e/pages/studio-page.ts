import { expect, type Locator, type Page } from '@playwright/test';
import { SettingsDialog } from './settings-dialog.js';

export const studioViews = [
  { id: 'projects', heading: 'Projects' },
  { id: 'dataset', heading: 'Dataset' },
  { id: 'train', heading: 'Train' },
  { id: 'explore', heading: 'Explore' },
  { id: 'translate', heading: 'Translate' },
  { id: 'export', heading: 'Export' },
] as const;

export type StudioView = (typeof studioViews)[number]['id'];

/** The browser-mode URL with its secret, published by e2e/global-setup.ts. */
export function studioUrl(): string {
  const url = process.env.GANVAS_URL;
  if (!url) throw new Error('GANVAS_URL is not set: the e2e global setup did not start Ganvas.');
  return url;
}

function viewInfo(view: StudioView): (typeof studioViews)[number] & { index: number } {
  const index = studioViews.findIndex((candidate) => candidate.id === view);
  const info = studioViews[index];
  if (!info) throw new Error(`unknown view ${view}`);
  return { ...info, index };
}

/** The studio window: sidebar nav, the current view, the status bar. */
export class StudioPage {
  readonly heading: Locator;
  readonly statusBackend: Locator;
  readonly statusTrainer: Locator;
  readonly statusJob: Locator;
  readonly statusConnection: Locator;
  readonly checkSpeedButton: Locator;
  readonly cancelSpeedButton: Locator;
  readonly speedResult: Locator;
  readonly speedError: Locator;
  readonly speedCancelled: Locator;
  readonly connectionBanner: Locator;
  readonly appInfo: Locator;
  readonly settings: SettingsDialog;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.statusBackend = page.getByTestId('status-backend');
    this.statusTrainer = page.getByTestId('status-trainer');
    this.statusJob = page.getByTestId('status-job');
    this.statusConnection = page.getByTestId('status-connection');
    this.checkSpeedButton = page.getByTestId('check-speed');
    this.cancelSpeedButton = page.getByTestId('check-speed-cancel');
    this.speedResult = page.getByTestId('speed-result');
    this.speedError = page.getByTestId('speed-error');
    this.speedCancelled = page.getByTestId('speed-cancelled');
    this.connectionBanner = page.getByTestId('connection-banner');
    this.appInfo = page.getByTestId('app-info');
    this.settings = new SettingsDialog(page);
  }

  /**
   * Opens the studio with its secret, optionally deep-linked to a view. Unless `firstLaunch` is set,
   * the browser is marked as welcomed before the page runs, so the sample project does not open by
   * itself (every test gets a fresh browser; only the first-launch test wants that behaviour).
   */
  async goto(view?: StudioView, options: { url?: string; firstLaunch?: boolean } = {}): Promise<void> {
    if (!options.firstLaunch) {
      await this.page.addInitScript(() => window.localStorage.setItem('ganvas.welcomed', '1'));
    }
    const url = options.url ?? studioUrl();
    await this.page.goto(view ? `${url}#/${view}` : url);
    await expect(this.heading).toHaveText(viewInfo(view ?? 'projects').heading);
  }

  navLink(view: StudioView): Locator {
    return this.page.getByRole('navigation', { name: 'Views' }).getByTestId(`nav-${view}`);
  }

  emptyState(view: StudioView): Locator {
    return this.page.getByTestId(`empty-${view}`);
  }

  /** The empty state of a view that needs an open project when there is none. */
  get needsProject(): Locator {
    return this.page.getByTestId('needs-project');
  }

  /** Switches view by clicking the sidebar. */
  async nav(view: StudioView): Promise<void> {
    await this.navLink(view).click();
    await this.expectView(view);
  }

  /** Switches view with Ctrl+N (Cmd+N on a Mac). */
  async shortcut(view: StudioView): Promise<void> {
    await this.page.keyboard.press(`ControlOrMeta+${viewInfo(view).index + 1}`);
    await this.expectView(view);
  }

  async expectView(view: StudioView): Promise<void> {
    await expect(this.heading).toHaveText(viewInfo(view).heading);
    await expect(this.navLink(view)).toHaveAttribute('aria-current', 'page');
    await expect(this.page).toHaveURL(new RegExp(`#/${view}$`));
  }

  /** Runs "Check speed", waits for it to end, and returns the result text (failing with the error shown). */
  async checkSpeed(timeout = 120_000): Promise<string> {
    await this.checkSpeedButton.click();
    await expect(this.speedResult.or(this.speedError)).toBeVisible({ timeout });
    if (await this.speedError.isVisible())
      throw new Error(`Check speed failed: ${await this.speedError.innerText()}`);
    return (await this.speedResult.innerText()).trim();
  }

  async openSettings(): Promise<SettingsDialog> {
    await this.page.getByTestId('open-settings').click();
    await expect(this.settings.dialog).toBeVisible();
    return this.settings;
  }
}
