import type { ImportSource, Project, RunSummary, TranslateDirection, TranslatedPreview } from '$contract';
import type { Api } from '../lib/api.js';
import { filesFromDrop, type CapturedDrop, type DroppedFile } from '../lib/dropped-files.js';
import type { DesktopFiles } from '../lib/ganvas-bridge.js';
import { describeError } from '../lib/service-call-error.js';
import { spreadSteps } from '../lib/spread-steps.js';
import { planUpload, uploadFiles } from '../lib/upload-files.js';

/** Checkpoints compared side by side: the newest and a few evenly spread before it. */
export const comparedCheckpoints = 4;

/** What was dropped, as the service reads it, and how the view names it. */
export interface TranslateSource {
  source: ImportSource;
  label: string;
  /** Files in the drop (known in browser mode; Electron reads folders in the service). */
  fileCount: number | null;
}

/** The folder job's outcome, as the trainer reports it. */
export interface TranslateOutcome {
  written: string[];
  failed: { path: string; reason: string }[];
}

/**
 * The Translate view: a trained CycleGAN, a direction, and what the artist dropped. One image is
 * previewed before and after; checkpoints are compared on it; the whole drop is translated as a job.
 */
export class TranslateStore {
  project = $state.raw<Project | null>(null);
  runs = $state.raw<RunSummary[]>([]);
  runId = $state<string | null>(null);
  /** null: the newest checkpoint. */
  step = $state<number | null>(null);
  direction = $state<TranslateDirection>('AtoB');
  input = $state.raw<TranslateSource | null>(null);
  preview = $state.raw<TranslatedPreview | null>(null);
  comparison = $state.raw<TranslatedPreview[]>([]);
  /** What is being worked on, in words; null when idle. */
  busy = $state<string | null>(null);
  jobId = $state<string | null>(null);
  outDir = $state<string | null>(null);
  error = $state<string | null>(null);
  readonly #api: Api;
  #previewRequest = 0;

  constructor(api: Api) {
    this.#api = api;
  }

  /** CycleGAN runs with at least one checkpoint. */
  get translators(): RunSummary[] {
    return this.runs.filter((run) => run.settings.model === 'cyclegan' && run.checkpoints.length > 0);
  }

  get run(): RunSummary | null {
    return this.runs.find((run) => run.id === this.runId) ?? null;
  }

  setProject(project: Project | null): void {
    if (project?.id === this.project?.id) return;
    this.project = project;
    this.runs = [];
    this.runId = null;
    this.input = null;
    this.preview = null;
    this.comparison = [];
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const project = this.project;
    if (!project) return;
    try {
      this.runs = await this.#api.call('runs:list', { projectId: project.id });
      if (!this.run || this.run.settings.model !== 'cyclegan')
        this.chooseRun(this.translators[0]?.id ?? null);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  chooseRun(runId: string | null): void {
    this.runId = runId;
    this.step = null;
    this.comparison = [];
    void this.showPreview();
  }

  chooseStep(step: number | null): void {
    this.step = step;
    void this.showPreview();
  }

  chooseDirection(direction: TranslateDirection): void {
    this.direction = direction;
    this.comparison = [];
    void this.showPreview();
  }

  /** A drop: Electron translates the dropped paths where they are; browser mode uploads the files. */
  async useDrop(drop: CapturedDrop, desktop: DesktopFiles | null): Promise<void> {
    if (desktop) {
      const paths = drop.files.map((file) => desktop.pathForFile(file)).filter(Boolean);
      if (paths.length === 0) {
        this.error = 'Those were not files on this computer. Save them to a folder first, then drop them.';
        return;
      }
      await this.usePaths(paths);
      return;
    }
    const contents = await filesFromDrop(drop);
    await this.useFiles(contents.files);
  }

  async usePaths(paths: string[]): Promise<void> {
    const [first] = paths;
    const name = first?.split(/[/\\]/).at(-1) ?? '';
    await this.#use({
      source: { kind: 'paths', paths },
      label: paths.length === 1 ? name : `${name} and ${paths.length - 1} more`,
      fileCount: null,
    });
  }

  /** Browser mode: the files go to an upload folder of the project first. */
  async useFiles(files: DroppedFile[]): Promise<void> {
    const project = this.project;
    if (!project) return;
    this.error = null;
    try {
      this.busy = 'Sending the images';
      const { uploadId, maxFileBytes } = await this.#api.call('uploads:begin', { projectId: project.id });
      const { send, refused } = planUpload(files, maxFileBytes);
      if (send.length === 0) {
        throw new Error(
          refused[0] ? `${refused[0].path}: ${refused[0].reason}.` : 'That drop held no files.',
        );
      }
      const { failed } = await uploadFiles(uploadId, send, (sent, total) => {
        this.busy = `Sending the images (${sent} of ${total})`;
      });
      if (failed.length === send.length)
        throw new Error(`The images could not be sent: ${failed[0]?.reason}.`);
      const first = send[0]?.relativePath ?? '';
      await this.#use({
        source: { kind: 'upload', uploadId },
        label: send.length === 1 ? first : `${first.split('/')[0]} (${send.length} files)`,
        fileCount: send.length - failed.length,
      });
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = null;
    }
  }

  async #use(input: TranslateSource): Promise<void> {
    this.input = input;
    this.preview = null;
    this.comparison = [];
    this.jobId = null;
    this.outDir = null;
    await this.showPreview();
  }

  /** Before and after for the first image of the drop; only the newest request's answer is shown. */
  async showPreview(): Promise<void> {
    const project = this.project;
    const input = this.input;
    if (!project || !input || !this.runId) return;
    const request = ++this.#previewRequest;
    this.error = null;
    this.busy = 'Translating';
    try {
      const preview = await this.#api.call('translate:preview', {
        projectId: project.id,
        runId: this.runId,
        direction: this.direction,
        source: input.source,
        ...(this.step === null ? {} : { step: this.step }),
      });
      if (request === this.#previewRequest) this.preview = preview;
    } catch (error) {
      if (request === this.#previewRequest) this.error = describeError(error);
    } finally {
      if (request === this.#previewRequest) this.busy = null;
    }
  }

  /** The same image through several checkpoints of the run: when did the translation get good? */
  async compareCheckpoints(): Promise<void> {
    const project = this.project;
    const input = this.input;
    const run = this.run;
    if (!project || !input || !run) return;
    this.error = null;
    const steps = spreadSteps(
      run.checkpoints.map((checkpoint) => checkpoint.step),
      comparedCheckpoints,
    );
    const results: TranslatedPreview[] = [];
    try {
      for (const [index, step] of steps.entries()) {
        this.busy = `Comparing checkpoints (${index + 1} of ${steps.length})`;
        results.push(
          await this.#api.call('translate:preview', {
            projectId: project.id,
            runId: run.id,
            step,
            direction: this.direction,
            source: input.source,
          }),
        );
        this.comparison = [...results];
      }
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = null;
    }
  }

  /** Every image of the drop, translated into a new folder as a job (progress and cancel). */
  async translateAll(): Promise<void> {
    const project = this.project;
    const input = this.input;
    if (!project || !input || !this.runId) return;
    this.error = null;
    try {
      const started = await this.#api.call('translate:folder', {
        projectId: project.id,
        runId: this.runId,
        direction: this.direction,
        source: input.source,
        ...(this.step === null ? {} : { step: this.step }),
      });
      this.jobId = started.jobId;
      this.outDir = started.outDir;
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async cancel(): Promise<void> {
    if (!this.jobId) return;
    try {
      await this.#api.call('jobs:cancel', { jobId: this.jobId });
    } catch (error) {
      this.error = describeError(error);
    }
  }
}
