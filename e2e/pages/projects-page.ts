import { expect, type Locator, type Page } from '@playwright/test';

/** The Projects view: the open project, starting or opening one, the recent list. */
export class ProjectsPage {
  readonly current: Locator;
  readonly currentPath: Locator;
  readonly recent: Locator;
  readonly error: Locator;
  readonly notice: Locator;
  readonly conflict: Locator;
  readonly sidebarProject: Locator;

  constructor(readonly page: Page) {
    this.current = page.getByTestId('current-project');
    this.currentPath = page.getByTestId('current-project-path');
    this.recent = page.getByTestId('recent-project');
    this.error = page.getByTestId('projects-error');
    this.notice = page.getByTestId('projects-notice');
    this.conflict = page.getByTestId('lock-conflict');
    this.sidebarProject = page.getByTestId('sidebar-project');
  }

  async create(name: string, location?: string): Promise<void> {
    await this.page.getByTestId('new-project-name').fill(name);
    if (location !== undefined) await this.page.getByTestId('new-project-location').fill(location);
    await this.page.getByTestId('create-project').click();
    await this.expectOpen(name);
  }

  /** Browser mode: opens a project by typing its folder's path. */
  async openPath(path: string): Promise<void> {
    await this.page.getByTestId('open-project-path').fill(path);
    await this.page.getByTestId('open-project').click();
  }

  async openSample(): Promise<void> {
    await this.page.getByTestId('open-sample').click();
    await this.expectOpen('Sample Project', 90_000);
  }

  recentEntry(name: string): Locator {
    return this.recent.filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async openRecent(name: string): Promise<void> {
    await this.recentEntry(name).getByTestId('open-recent').click();
    await this.expectOpen(name);
  }

  async expectOpen(name: string, timeout?: number): Promise<void> {
    await expect(this.current.getByRole('heading', { level: 2 })).toHaveText(
      new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(Sample)?$`),
      timeout === undefined ? {} : { timeout },
    );
    await expect(this.sidebarProject).toContainText(name);
  }

  async close(): Promise<void> {
    await this.current.getByTestId('close-project').click();
    await expect(this.current).toBeHidden();
    await expect(this.sidebarProject).toContainText('None open');
  }
}
