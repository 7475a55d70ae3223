import { expect, type Locator, type Page } from '@playwright/test';

export type PresetName = 'quick' | 'standard' | 'detailed';

/** The Train view: the run list, the new-run form and a run's dashboard. */
export class TrainPage {
  readonly setup: Locator;
  readonly dashboard: Locator;
  readonly runName: Locator;
  readonly state: Locator;
  readonly step: Locator;
  readonly speed: Locator;
  readonly backend: Locator;
  readonly lossChart: Locator;
  readonly outputChart: Locator;
  readonly sampleGrid: Locator;
  readonly sampleStep: Locator;
  readonly scrubber: Locator;
  readonly playButton: Locator;
  readonly checkpoints: Locator;
  readonly runs: Locator;
  readonly branchForm: Locator;

  constructor(private readonly page: Page) {
    this.setup = page.getByTestId('training-setup');
    this.dashboard = page.getByTestId('run-dashboard');
    this.runName = page.getByTestId('run-name');
    this.state = page.getByTestId('run-state');
    this.step = page.getByTestId('run-step');
    this.speed = page.getByTestId('run-speed');
    this.backend = page.getByTestId('run-backend');
    this.lossChart = page.getByTestId('chart-losses');
    this.outputChart = page.getByTestId('chart-outputs');
    this.sampleGrid = page.getByTestId('sample-grid');
    this.sampleStep = page.getByTestId('sample-step');
    this.scrubber = page.getByTestId('sample-scrubber');
    this.playButton = page.getByTestId('sample-play');
    this.checkpoints = page.getByTestId('checkpoint');
    this.runs = page.getByTestId('run-item');
    this.branchForm = page.getByTestId('branch-form');
  }

  /** Starts a run from a preset, with some advanced settings typed in. */
  async start(preset: PresetName, settings: Record<string, number>, name?: string): Promise<void> {
    if (!(await this.setup.isVisible())) await this.page.getByTestId('new-run').click();
    await this.page.getByTestId(`preset-${preset}`).check();
    if (name) await this.setup.getByTestId('training-name').fill(name);
    await this.openAdvanced();
    await this.fillSettings(this.setup, settings);
    await this.page.getByTestId('training-submit').click();
    await expect(this.dashboard).toBeVisible();
  }

  /**
   * A short named Quick-look run (20 steps, one checkpoint), waited for to the end: a checkpoint for
   * specs that explore or export. Named, since the specs share the sample project and its runs.
   */
  async trainShortRun(name: string): Promise<void> {
    await this.start('quick', { totalSteps: 20, checkpointEvery: 20, sampleEvery: 20, batchSize: 8 }, name);
    await expect(this.state).toHaveText('Finished', { timeout: 120_000 });
  }

  /** The step shown, as a number. */
  async currentStep(): Promise<number> {
    const text = (await this.step.textContent()) ?? '';
    return Number(text.split(' of ')[0]?.replace(/[^0-9]/g, ''));
  }

  /** How many points the loss chart holds. */
  async chartPoints(): Promise<number> {
    return Number(await this.lossChart.getAttribute('data-points'));
  }

  async pause(): Promise<void> {
    await this.page.getByTestId('run-pause').click();
    await expect(this.state).toHaveText('Paused', { timeout: 60_000 });
  }

  async resume(): Promise<void> {
    await this.page.getByTestId('run-resume').click();
  }

  checkpoint(step: number): Locator {
    return this.page.locator(`[data-testid="checkpoint"][data-step="${step}"]`);
  }

  /** Opens the branch form on a checkpoint; the form is returned for checks before it starts. */
  async openBranch(step: number): Promise<Locator> {
    await this.checkpoint(step).getByTestId('checkpoint-branch').click();
    await expect(this.branchForm).toBeVisible();
    return this.branchForm;
  }

  async startBranch(settings: Record<string, number>, name: string): Promise<void> {
    await this.branchForm.getByTestId('training-name').fill(name);
    await this.fillSettings(this.branchForm, settings);
    await this.branchForm.getByTestId('training-submit').click();
    await expect(this.runName).toHaveText(name);
  }

  /** Deletes the run on show, through the confirmation. */
  async deleteRun(): Promise<void> {
    await this.page.getByTestId('run-delete').click();
    await this.page.getByTestId('confirm-ok').click();
  }

  /** Opens the new-run form's Advanced settings, unless they are open already. */
  async openAdvanced(): Promise<void> {
    const summary = this.setup.getByTestId('advanced-settings');
    const open = await summary.evaluate((element) => (element.parentElement as HTMLDetailsElement).open);
    if (!open) await summary.click();
  }

  private async fillSettings(form: Locator, settings: Record<string, number>): Promise<void> {
    for (const [key, value] of Object.entries(settings)) {
      const field = form.getByTestId(`setting-${key}`);
      await field.fill(String(value));
      await field.press('Tab');
    }
  }
}
