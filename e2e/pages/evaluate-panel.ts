import { expect, type Locator, type Page } from '@playwright/test';

/** The Evaluate panel under a run's dashboard in the Train view. */
export class EvaluatePanel {
  readonly panel: Locator;
  readonly verdict: Locator;
  readonly warnings: Locator;
  readonly accuracyChart: Locator;
  readonly frechetChart: Locator;
  readonly kidChart: Locator;
  readonly diversityChart: Locator;
  readonly pairs: Locator;
  readonly featureNetwork: Locator;
  readonly copies: Locator;
  readonly progress: Locator;

  constructor(private readonly page: Page) {
    this.panel = page.getByTestId('evaluate-panel');
    this.verdict = page.getByTestId('evaluation-verdict');
    this.warnings = page.getByTestId('evaluation-warnings');
    this.accuracyChart = page.getByTestId('chart-accuracy');
    this.frechetChart = page.getByTestId('chart-frechet');
    this.kidChart = page.getByTestId('chart-kid');
    this.diversityChart = page.getByTestId('chart-diversity');
    this.pairs = page.getByTestId('nearest-pair');
    this.featureNetwork = page.getByTestId('feature-network');
    this.copies = page.getByTestId('evaluation-copies');
    this.progress = page.getByTestId('evaluate-progress');
  }

  /** Evaluates every checkpoint (or the newest) and waits until the job has ended. */
  async evaluate(which: 'all' | 'newest', timeout = 300_000): Promise<void> {
    await this.page.getByTestId(which === 'all' ? 'evaluate-all' : 'evaluate-newest').click();
    await expect(this.progress).toBeVisible();
    await expect(this.progress).toBeHidden({ timeout });
    await expect(this.page.getByTestId('evaluate-error')).toHaveCount(0);
  }

  /** The values of a chart's main line, one per checkpoint, oldest first. */
  async chartValues(chart: Locator): Promise<number[]> {
    return JSON.parse((await chart.getAttribute('data-values')) ?? '[]') as number[];
  }

  /** How many checkpoints a chart plots. */
  async chartPoints(chart: Locator): Promise<number> {
    return Number(await chart.getAttribute('data-points'));
  }
}
