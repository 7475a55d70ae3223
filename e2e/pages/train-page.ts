import { expect, type Locator, type Page } from '@playwright/test';

/** The Train view: the run list, the new-run form and a run's dashboard. */
export class TrainPage {
  readonly setup: Locator;
  readonly dashboard: Locator;
  readonly state: Locator;
  readonly step: Locator;
  readonly lossChart: Locator;
  readonly sampleGrid: Locator;
  readonly sampleStep: Locator;
  readonly scrubber: Locator;
  readonly checkpoints: Locator;
  readonly runs: Locator;

  constructor(private readonly page: Page) {
    this.setup = page.getByTestId('training-setup');
    this.dashboard = page.getByTestId('run-dashboard');
    this.state = page.getByTestId('run-state');
    this.step = page.getByTestId('run-step');
    this.lossChart = page.getByTestId('chart-losses');
    this.sampleGrid = page.getByTestId('sample-grid');
    this.sampleStep = page.getByTestId('sample-step');
    this.scrubber = page.getByTestId('sample-scrubber');
    this.checkpoints = page.getByTestId('checkpoint');
    this.runs = page.getByTestId('run-item');
  }

  /** Starts a run from a preset, with some advanced settings typed in. */
  async start(preset: 'quick' | 'standard' | 'detailed', settings: Record<string, number>): Promise<void> {
    if (!(await this.setup.isVisible())) await this.page.getByTestId('new-run').click();
    await this.page.getByTestId(`preset-${preset}`).check();
    await this.page.getByTestId('advanced-settings').click();
    for (const [key, value] of Object.entries(settings)) {
      await this.page.getByTestId(`setting-${key}`).fill(String(value));
      await this.page.getByTestId(`setting-${key}`).press('Tab');
    }
    await this.page.getByTestId('training-submit').click();
    await expect(this.dashboard).toBeVisible();
  }

  /** The step shown, as a number. */
  async currentStep(): Promise<number> {
    const text = (await this.step.textContent()) ?? '';
    return Number(text.split(' of ')[0]?.replace(/[^0-9]/g, ''));
  }

  async pause(): Promise<void> {
    await this.page.getByTestId('run-pause').click();
    await expect(this.state).toHaveText('Paused', { timeout: 60_000 });
  }

  async resume(): Promise<void> {
    await this.page.getByTestId('run-resume').click();
  }
}
