import { ImportSummary, type Domain, type ImportSource, type JobEvent } from '$contract';
import type { Api } from '../lib/api.js';
import { filesFromDrop, type CapturedDrop, type DroppedFile } from '../lib/dropped-files.js';
import type { DesktopFiles } from '../lib/ganvas-bridge.js';
import { describeError } from '../lib/service-call-error.js';
import { planUpload, uploadFiles, type UploadFailure } from '../lib/upload-files.js';

/** How the last import into a dataset ended, with everything the user should see about it. */
export interface ImportOutcome {
  datasetId: string;
  domain: Domain;
  /** The service's summary; null when the import was cancelled. */
  summary: ImportSummary | null;
  cancelled: 'kept' | 'discarded' | null;
  /** Files that never reached the service (browser mode): too large, or the upload failed. */
  notSent: UploadFailure[];
  /** Parts of a drop the browser could not read. */
  unreadable: string[];
}

export interface RunningImport {
  jobId: string;
  datasetId: string;
  domain: Domain;
  notSent: UploadFailure[];
  unreadable: string[];
  /** What the user chose when cancelling (true until they do). */
  keepPartial: boolean;
}

/** Where imports go: the dataset on show, and the near-duplicate setting it is viewed with. */
export interface ImportTarget {
  projectId: string;
  datasetId: string;
  nearDuplicateThreshold: number;
}

/**
 * Imports into the dataset on show: dropped or picked paths (Electron) or uploaded files (browser
 * mode), the running import job, cancelling it, and how the last one ended.
 */
export class ImportsStore {
  running = $state.raw<RunningImport | null>(null);
  uploading = $state.raw<{ sent: number; total: number; domain: Domain } | null>(null);
  last = $state.raw<ImportOutcome | null>(null);
  readonly #api: Api;
  readonly #target: () => ImportTarget | null;
  readonly #onEnded: (datasetId: string) => void;
  readonly #onError: (message: string | null) => void;
  /** The last few job ends for jobs not known here: one may be an import that ended before its start call answered. */
  #endedEarly: JobEvent[] = [];

  constructor(
    api: Api,
    options: {
      target: () => ImportTarget | null;
      /** An import ended (done, failed or cancelled): the dataset's images and report changed. */
      onEnded: (datasetId: string) => void;
      /** Words for the user, or null to clear what was shown. */
      onError: (message: string | null) => void;
    },
  ) {
    this.#api = api;
    this.#target = options.target;
    this.#onEnded = options.onEnded;
    this.#onError = options.onError;
    api.on('jobs:event', (event) => this.#onJobEvent(event));
  }

  /** Whether files are on their way or being imported: the drop zones wait meanwhile. */
  get busy(): boolean {
    return this.running !== null || this.uploading !== null;
  }

  /** A drop: Electron imports the dropped paths in place; browser mode uploads the files first. */
  async importDrop(drop: CapturedDrop, domain: Domain, desktop: DesktopFiles | null): Promise<void> {
    if (desktop) {
      const paths = drop.files.map((file) => desktop.pathForFile(file)).filter(Boolean);
      if (paths.length === 0) {
        this.#onError(
          'Those were not files on this computer (dragged from a web page or another app?). Save them to a folder first, then drop the folder.',
        );
        return;
      }
      await this.importPaths(paths, domain);
      return;
    }
    const contents = await filesFromDrop(drop);
    await this.importFiles(contents.files, domain, contents.unreadable);
  }

  importPaths(paths: string[], domain: Domain): Promise<void> {
    return this.#start({ kind: 'paths', paths }, domain, [], []);
  }

  /** Browser mode: sends the files to an upload folder of the project, then imports that folder. */
  async importFiles(files: DroppedFile[], domain: Domain, unreadable: string[] = []): Promise<void> {
    const target = this.#target();
    if (!target) return;
    this.#onError(null);
    try {
      const { uploadId, maxFileBytes } = await this.#api.call('uploads:begin', {
        projectId: target.projectId,
      });
      const { send, refused } = planUpload(files, maxFileBytes);
      if (send.length === 0) {
        this.#onError(
          refused.length > 0
            ? `Nothing to import: ${refused.map((each) => `${each.path} is ${each.reason}`).join('; ')}.`
            : 'Nothing to import: that drop held no files (hidden files are left out).',
        );
        return;
      }
      this.uploading = { sent: 0, total: send.length, domain };
      const { failed } = await uploadFiles(
        uploadId,
        send,
        (sent, total) => (this.uploading = { sent, total, domain }),
      );
      if (failed.length === send.length) {
        this.#onError(
          `None of the files could be uploaded: ${failed[0]?.reason ?? 'unknown reason'}. Try again.`,
        );
        return;
      }
      await this.#start({ kind: 'upload', uploadId }, domain, [...refused, ...failed], unreadable);
    } catch (error) {
      this.#onError(describeError(error));
    } finally {
      this.uploading = null;
    }
  }

  /** Stops the running import, keeping what it imported so far or rolling all of it back. */
  async cancel(keepPartial: boolean): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = { ...running, keepPartial };
    try {
      await this.#api.call('jobs:cancel', { jobId: running.jobId, keepPartial });
    } catch (error) {
      this.#onError(describeError(error));
    }
  }

  dismiss(): void {
    this.last = null;
  }

  /** Another dataset is on show: the last result stays only if it is that dataset's. */
  forgetResultUnless(datasetId: string | null): void {
    if (this.last?.datasetId !== datasetId) this.last = null;
  }

  async #start(
    source: ImportSource,
    domain: Domain,
    notSent: UploadFailure[],
    unreadable: string[],
  ): Promise<void> {
    const target = this.#target();
    if (!target) return;
    this.#onError(null);
    this.last = null;
    try {
      const { jobId } = await this.#api.call('datasets:import', { ...target, domain, source });
      this.running = { jobId, datasetId: target.datasetId, domain, notSent, unreadable, keepPartial: true };
      const ended = this.#endedEarly.find((event) => 'jobId' in event && event.jobId === jobId);
      if (ended) this.#onJobEvent(ended);
    } catch (error) {
      this.#onError(describeError(error));
    }
  }

  #onJobEvent(event: JobEvent): void {
    if (event.type !== 'done' && event.type !== 'failed' && event.type !== 'cancelled') return;
    const running = this.running;
    if (!running || running.jobId !== event.jobId) {
      this.#endedEarly = [...this.#endedEarly.slice(-19), event];
      return;
    }
    this.running = null;
    const { datasetId, domain, notSent, unreadable } = running;
    if (event.type === 'done') {
      const summary = ImportSummary.safeParse(event.result);
      this.last = {
        datasetId,
        domain,
        summary: summary.success ? summary.data : null,
        cancelled: null,
        notSent,
        unreadable,
      };
    } else if (event.type === 'cancelled') {
      const cancelled = running.keepPartial ? 'kept' : 'discarded';
      this.last = { datasetId, domain, summary: null, cancelled, notSent, unreadable };
    } else {
      this.#onError(`The import stopped: ${event.error}`);
    }
    this.#onEnded(datasetId);
  }
}
