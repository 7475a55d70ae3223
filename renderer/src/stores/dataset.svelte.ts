import type {
  DatasetKind,
  DatasetReport,
  DatasetSettings,
  DatasetSummary,
  Domain,
  ImageRecord,
  Project,
} from '$contract';
import type { Api } from '../lib/api.js';
import { describeError } from '../lib/service-call-error.js';
import { ImagePages } from './image-pages.svelte.js';
import { ImportsStore } from './imports.svelte.js';

export type ImageFilter = 'all' | 'included' | 'excluded';
/** The service's own default for near duplicates (bits of 64 that may differ). */
export const defaultNearThreshold = 6;

export interface NewDataset extends DatasetSettings {
  name: string;
  kind: DatasetKind;
}

/** The dataset shown in the Dataset view: its images page by page, its report, curation, and its imports. */
export class DatasetStore {
  /** The open project, as the projects store last saw it. */
  project = $state.raw<Project | null>(null);
  selectedId = $state<string | null>(null);
  domain = $state<Domain>('main');
  filter = $state<ImageFilter>('all');
  report = $state.raw<DatasetReport | null>(null);
  nearThreshold = $state(defaultNearThreshold);
  error = $state<string | null>(null);
  readonly images = new ImagePages((error) => (this.error = describeError(error)));
  /** Summaries newer than the project's (from curation calls), until the next project update. */
  #latest = $state.raw<Record<string, DatasetSummary>>({});
  readonly imports: ImportsStore;
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
    this.imports = new ImportsStore(api, {
      target: () => {
        const project = this.project;
        const datasetId = this.selectedId;
        return project && datasetId
          ? { projectId: project.id, datasetId, nearDuplicateThreshold: this.nearThreshold }
          : null;
      },
      onEnded: (datasetId) => {
        if (datasetId === this.selectedId) void this.refresh();
      },
      onError: (message) => (this.error = message),
    });
  }

  get dataset(): DatasetSummary | null {
    const id = this.selectedId;
    if (!id) return null;
    return this.#latest[id] ?? this.project?.datasets.find((each) => each.id === id) ?? null;
  }

  /** Follows the open project: keeps the selection if it still exists, else picks the first dataset. */
  setProject(project: Project | null): void {
    const previous = this.dataset;
    const sameProject = project?.id === this.project?.id;
    this.project = project;
    this.#latest = {};
    const datasets = project?.datasets ?? [];
    if (!sameProject || !datasets.some((each) => each.id === this.selectedId)) {
      this.select(datasets[0]?.id ?? null);
    } else if (JSON.stringify(previous) !== JSON.stringify(this.dataset)) {
      void this.refresh();
    }
  }

  select(id: string | null): void {
    this.selectedId = id;
    this.domain = this.dataset?.kind === 'paired' ? 'A' : 'main';
    this.filter = 'all';
    this.report = null;
    this.nearThreshold = defaultNearThreshold;
    this.imports.forgetResultUnless(id);
    void this.#showList();
  }

  setDomain(domain: Domain): void {
    this.domain = domain;
    void this.images.reset(this.#fetcher());
  }

  setFilter(filter: ImageFilter): void {
    this.filter = filter;
    void this.images.reset(this.#fetcher());
  }

  /** Fetches the images on show and the report again, keeping what is shown until they arrive. */
  async refresh(): Promise<void> {
    // While this dataset imports, its images come in live; the report (duplicates over every image)
    // waits for the end of the import rather than being recomputed at every save.
    const importingHere = this.imports.running?.datasetId === this.selectedId;
    await Promise.all([this.images.refresh(), importingHere ? undefined : this.#loadReport()]);
  }

  async create(settings: NewDataset): Promise<boolean> {
    const project = this.project;
    if (!project) return false;
    this.error = null;
    try {
      const created = await this.#api.call('datasets:create', { projectId: project.id, ...settings });
      this.#latest = { ...this.#latest, [created.id]: created };
      this.select(created.id);
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    }
  }

  /** Excludes or includes images; the grid changes at once and the service confirms. */
  async setExcluded(imageIds: string[], excluded: boolean): Promise<void> {
    const project = this.project;
    const datasetId = this.selectedId;
    if (!project || !datasetId || imageIds.length === 0) return;
    const changing: Record<string, true> = Object.fromEntries(imageIds.map((id) => [id, true]));
    this.images.patch((image) => (changing[image.id] ? { ...image, excluded } : image));
    try {
      let summary: DatasetSummary | null = null;
      for (let start = 0; start < imageIds.length; start += 10_000) {
        summary = await this.#api.call('datasets:set-excluded', {
          projectId: project.id,
          datasetId,
          imageIds: imageIds.slice(start, start + 10_000),
          excluded,
        });
      }
      if (summary) this.#latest = { ...this.#latest, [summary.id]: summary };
      // Under a filter the changed images leave the list; the report's statistics change either way.
      await (this.filter === 'all' ? this.#loadReport() : this.refresh());
    } catch (error) {
      this.error = describeError(error);
      await this.refresh();
    }
  }

  /** A shift-click range: every image from one index to another (inclusive) in the list on show. */
  async setExcludedRange(from: number, to: number, excluded: boolean): Promise<void> {
    const ids: string[] = [];
    if (this.images.hasRange(from, to)) {
      for (let index = from; index <= to; index++) {
        const image = this.images.imageAt(index);
        if (image) ids.push(image.id);
      }
    } else {
      const fetch = this.#fetcher();
      if (!fetch) return;
      for (let offset = from; offset <= to; offset += 1000) {
        const { images } = await fetch(offset, Math.min(1000, to - offset + 1));
        ids.push(...images.map((image: ImageRecord) => image.id));
      }
    }
    await this.setExcluded(ids, excluded);
  }

  /** Regroups near duplicates at another threshold (bits of 64 that may differ). */
  async regroupNearDuplicates(threshold: number): Promise<void> {
    this.nearThreshold = threshold;
    const project = this.project;
    const datasetId = this.selectedId;
    const report = this.report;
    if (!project || !datasetId || !report) return;
    try {
      const nearDuplicates = await this.#api.call('datasets:near-duplicates', {
        projectId: project.id,
        datasetId,
        threshold,
      });
      if (this.selectedId === datasetId && this.nearThreshold === threshold) {
        this.report = { ...report, nearDuplicates };
      }
    } catch (error) {
      this.error = describeError(error);
    }
  }

  #fetcher() {
    const project = this.project;
    const datasetId = this.selectedId;
    if (!project || !datasetId) return null;
    const { domain, filter } = this;
    return (offset: number, limit: number) =>
      this.#api.call('datasets:images', { projectId: project.id, datasetId, domain, filter, offset, limit });
  }

  async #showList(): Promise<void> {
    await Promise.all([this.images.reset(this.#fetcher()), this.#loadReport()]);
  }

  async #loadReport(): Promise<void> {
    const project = this.project;
    const datasetId = this.selectedId;
    if (!project || !datasetId) {
      this.report = null;
      return;
    }
    try {
      const report = await this.#api.call('datasets:report', { projectId: project.id, datasetId });
      if (this.selectedId !== datasetId) return;
      this.report = report;
      if (this.nearThreshold !== defaultNearThreshold) await this.regroupNearDuplicates(this.nearThreshold);
    } catch (error) {
      this.error = describeError(error);
    }
  }
}
