import type {
  DatasetKind,
  DatasetReport,
  DatasetSummary,
  Domain,
  ImageRecord,
  ImportSummary,
  Project,
} from '$contract';
import type { Api } from '../lib/api.js';
import type { DroppedFile } from '../lib/dropped-files.js';
import { uploadFiles } from '../lib/upload-files.js';

const pageSize = 200;
export type ImageFilter = 'all' | 'included' | 'excluded';

/** The dataset shown in the Dataset view: its images page by page, its report, and its import. */
export class DatasetStore {
  selectedId = $state<string | null>(null);
  domain = $state<Domain>('main');
  filter = $state<ImageFilter>('all');
  total = $state(0);
  pages = $state.raw<Record<number, ImageRecord[]>>({});
  report = $state.raw<DatasetReport | null>(null);
  importJobId = $state<string | null>(null);
  lastImport = $state.raw<ImportSummary | null>(null);
  uploading = $state<{ sent: number; total: number } | null>(null);
  error = $state<string | null>(null);
  readonly #api: Api;
  /** The open project, as the projects store last saw it (reactive: the view derives from it). */
  project = $state.raw<Project | null>(null);
  // Pages being fetched: bookkeeping only, deliberately not reactive.
  #loading: Record<number, boolean> = {};
  #generation = 0;

  constructor(api: Api) {
    this.#api = api;
    api.on('jobs:event', (event) => {
      if (event.type === 'started' || event.jobId !== this.importJobId) return;
      if (event.type === 'done') this.lastImport = event.result as ImportSummary;
      if (event.type === 'failed') this.error = `The import stopped: ${event.error}`;
      if (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled') {
        this.importJobId = null;
        void this.reload();
      }
    });
  }

  /** Follows the open project: keeps the selection if it still exists, else picks the first dataset. */
  setProject(project: Project | null): void {
    const changedProject = project?.id !== this.project?.id;
    this.project = project;
    const datasets = project?.datasets ?? [];
    if (changedProject || !datasets.some((d) => d.id === this.selectedId)) {
      this.select(datasets[0]?.id ?? null);
    } else {
      void this.reload();
    }
  }

  get dataset(): DatasetSummary | null {
    return this.project?.datasets.find((d) => d.id === this.selectedId) ?? null;
  }

  select(id: string | null): void {
    this.selectedId = id;
    const kind = this.project?.datasets.find((d) => d.id === id)?.kind;
    this.domain = kind === 'paired' ? 'A' : 'main';
    this.lastImport = null;
    void this.reload();
  }

  setDomain(domain: Domain): void {
    this.domain = domain;
    void this.reload();
  }

  setFilter(filter: ImageFilter): void {
    this.filter = filter;
    void this.reload();
  }

  async reload(): Promise<void> {
    this.#generation++;
    this.pages = {};
    this.#loading = {};
    if (!this.project || !this.selectedId) {
      this.total = 0;
      this.report = null;
      return;
    }
    await Promise.all([this.ensure(0), this.#loadReport()]);
  }

  /** The image at an index, if its page has arrived (asking for the page otherwise). */
  imageAt(index: number): ImageRecord | undefined {
    const page = Math.floor(index / pageSize);
    const images = this.pages[page];
    if (!images) void this.ensure(page);
    return images?.[index - page * pageSize];
  }

  async ensure(page: number): Promise<void> {
    const project = this.project;
    const datasetId = this.selectedId;
    if (!project || !datasetId || this.#loading[page] || this.pages[page]) return;
    this.#loading[page] = true;
    const generation = this.#generation;
    try {
      const result = await this.#api.call('datasets:images', {
        projectId: project.id,
        datasetId,
        domain: this.domain,
        filter: this.filter,
        offset: page * pageSize,
        limit: pageSize,
      });
      if (generation !== this.#generation) return;
      this.total = result.total;
      this.pages = { ...this.pages, [page]: result.images };
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.#loading[page] = false;
    }
  }

  async create(settings: {
    name: string;
    kind: DatasetKind;
    resolution: 32 | 64 | 128 | 256;
    fit: 'crop' | 'pad' | 'stretch';
  }) {
    if (!this.project) return;
    this.error = null;
    try {
      const created = await this.#api.call('datasets:create', { projectId: this.project.id, ...settings });
      this.selectedId = created.id;
      this.domain = created.kind === 'paired' ? 'A' : 'main';
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async toggleExcluded(images: Array<Pick<ImageRecord, 'id'>>, excluded: boolean): Promise<void> {
    if (!this.project || !this.selectedId || images.length === 0) return;
    await this.#api.call('datasets:set-excluded', {
      projectId: this.project.id,
      datasetId: this.selectedId,
      imageIds: images.map((image) => image.id),
      excluded,
    });
    await this.reload();
  }

  /** Regroups near duplicates at another threshold (bits of 64 that may differ). */
  async regroupNearDuplicates(threshold: number): Promise<void> {
    if (!this.project || !this.selectedId || !this.report) return;
    const nearDuplicates = await this.#api.call('datasets:near-duplicates', {
      projectId: this.project.id,
      datasetId: this.selectedId,
      threshold,
    });
    this.report = { ...this.report, nearDuplicates };
  }

  /** Electron: the dropped files' own paths. Browser mode: upload them first. */
  async importDropped(files: DroppedFile[], pathOf: ((file: File) => string) | null): Promise<void> {
    const project = this.project;
    const datasetId = this.selectedId;
    if (!project || !datasetId || files.length === 0) return;
    this.error = null;
    this.lastImport = null;
    try {
      let source: { kind: 'paths'; paths: string[] } | { kind: 'upload'; uploadId: string };
      if (pathOf) {
        source = { kind: 'paths', paths: files.map(({ file }) => pathOf(file)).filter(Boolean) };
      } else {
        const { uploadId } = await this.#api.call('uploads:begin', { projectId: project.id });
        this.uploading = { sent: 0, total: files.length };
        const { failed } = await uploadFiles(
          uploadId,
          files,
          (sent, total) => (this.uploading = { sent, total }),
        );
        if (failed.length > 0)
          this.error = `${failed.length} files could not be uploaded: ${failed[0]?.path} — ${failed[0]?.reason}`;
        source = { kind: 'upload', uploadId };
      }
      const { jobId } = await this.#api.call('datasets:import', {
        projectId: project.id,
        datasetId,
        domain: this.domain,
        source,
      });
      this.importJobId = jobId;
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.uploading = null;
    }
  }

  async cancelImport(keepPartial: boolean): Promise<void> {
    if (this.importJobId) await this.#api.call('jobs:cancel', { jobId: this.importJobId, keepPartial });
  }

  async #loadReport(): Promise<void> {
    if (!this.project || !this.selectedId) return;
    try {
      this.report = await this.#api.call('datasets:report', {
        projectId: this.project.id,
        datasetId: this.selectedId,
      });
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
