import type { AnimationFormat, CallArgs, LatentPoint, Provenance, ResizeKernel } from '$contract';
import type { Api } from '../lib/api.js';
import type { DesktopFiles } from '../lib/ganvas-bridge.js';
import { suggestedName } from '../lib/export-names.js';
import { ServiceCallError, describeError } from '../lib/service-call-error.js';
import type { ExploreStore } from './explore.svelte.js';
import type { JobsStore } from './jobs.svelte.js';

export type ExportKind = 'image' | 'sheet' | 'animation' | 'model' | 'archive';

type ExportCall =
  | 'export:images'
  | 'export:sheet'
  | 'export:animation'
  | 'export:timeline'
  | 'export:model'
  | 'export:archive';

/** Bytes of a PNG's head sent to be inspected: the text chunks sit before the image data. */
const headBytes = 256 * 1024;

export interface ExportForm {
  kind: ExportKind;
  /** image: the explorer's current image, its favourites, or a seed range. */
  source: 'current' | 'favorites' | 'seeds';
  favoriteIds: string[];
  firstSeed: number;
  count: number;
  size: number;
  kernel: ResizeKernel;
  columns: number;
  spacing: number;
  background: string;
  captions: boolean;
  formats: AnimationFormat[];
  /** An animation of an interpolation path, or of the run's training (its sample grids). */
  animationSource: 'path' | 'training';
  /** The time-machine's grids scaled up by this whole factor. */
  scale: number;
  fps: number;
  seconds: number;
  directions: number;
  wholeProject: boolean;
  name: string;
}

export const defaultForm: ExportForm = {
  kind: 'image',
  source: 'current',
  favoriteIds: [],
  firstSeed: 0,
  count: 16,
  size: 1024,
  kernel: 'lanczos',
  columns: 4,
  spacing: 8,
  background: '#111111',
  captions: true,
  formats: ['gif', 'mp4'],
  animationSource: 'path',
  scale: 1,
  fps: 24,
  seconds: 3,
  directions: 8,
  wholeProject: true,
  name: '',
};

/**
 * The Export view: builds an export request from the explorer's state (run, checkpoint, current
 * image, keyframes, favourites) and the form, starts it as a job, and asks before replacing files.
 * A dropped PNG's provenance reopens that image in the explorer.
 */
export class ExportStore {
  form = $state<ExportForm>({ ...defaultForm });
  jobId = $state<string | null>(null);
  /** A refused request waiting for "Replace" (the service said the file exists). */
  replace = $state<{ message: string; call: ExportCall; args: Record<string, unknown> } | null>(null);
  error = $state<string | null>(null);
  reopened = $state<string | null>(null);
  /** A request is on its way (resolving directions can take a few seconds before the job starts). */
  starting = $state(false);
  preview = $state.raw<string[]>([]);
  readonly #api: Api;
  readonly #explore: ExploreStore;
  readonly #jobs: JobsStore;
  readonly #desktop: DesktopFiles | null;

  /** `desktop` (Electron): exports go where the system's save dialog says; in a browser, into the project. */
  constructor(api: Api, explore: ExploreStore, jobs: JobsStore, desktop: DesktopFiles | null = null) {
    this.#api = api;
    this.#explore = explore;
    this.#jobs = jobs;
    this.#desktop = desktop;
  }

  /** Whether a save dialog chooses the destination (Electron) rather than a name in exports/. */
  get savesWithDialog(): boolean {
    return this.#desktop?.pickSavePath !== undefined;
  }

  get job() {
    return this.jobId === null ? undefined : this.#jobs.get(this.jobId);
  }

  get running(): boolean {
    const state = this.job?.summary.state;
    return state === 'running' || state === 'queued';
  }

  /** Files of the finished export, relative to the project when inside it. */
  get files(): string[] {
    const result = this.job?.summary.state === 'done' ? this.job.result : null;
    const files = (result as { files?: unknown } | null)?.files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
  }

  /** The points an image or sheet export draws. */
  points(): { point: LatentPoint; name?: string }[] {
    const explore = this.#explore;
    const { form } = this;
    if (form.kind === 'image' && form.source === 'current') return [{ point: explore.point }];
    if (form.source === 'favorites') {
      return explore.favorites
        .filter((f) => form.favoriteIds.includes(f.id))
        .map((f) => ({ point: f.point, name: f.name }));
    }
    return Array.from({ length: form.count }, (_, i) => ({
      point: { seed: form.firstSeed + i, truncation: explore.truncation, moves: [], dimensions: [] },
    }));
  }

  /** The keyframes an animation goes through: the explorer's, or the first two seeds of the range. */
  keyframes(): LatentPoint[] {
    const frames = this.#explore.keyframes;
    if (frames.length >= 2) return frames;
    const { firstSeed } = this.form;
    const truncation = this.#explore.truncation;
    return [firstSeed, firstSeed + 1, firstSeed + 2].map((seed) => ({
      seed,
      truncation,
      moves: [],
      dimensions: [],
    }));
  }

  request(): { call: ExportCall; args: Record<string, unknown> } | string {
    const explore = this.#explore;
    const project = explore.project;
    if (!project) return 'Open a project first.';
    const { form } = this;
    const out = form.name.trim() || suggestedName(form, explore.point.seed, Date.now());
    if (form.kind === 'archive') {
      return {
        call: 'export:archive',
        args: {
          projectId: project.id,
          out,
          ...(form.wholeProject || !explore.runId ? {} : { runId: explore.runId }),
        },
      };
    }
    if (!explore.runId) return 'Train a run first: exports draw with a trained model.';
    const source = {
      projectId: project.id,
      runId: explore.runId,
      ...(explore.step === null ? {} : { step: explore.step }),
      useEma: explore.useEma,
      out,
    };
    switch (form.kind) {
      case 'image': {
        const items = this.points();
        if (items.length === 0) return 'Choose at least one favourite.';
        return { call: 'export:images', args: { ...source, items, size: form.size, kernel: form.kernel } };
      }
      case 'sheet': {
        const items = this.points();
        if (items.length === 0) return 'Choose at least one favourite.';
        return {
          call: 'export:sheet',
          args: {
            ...source,
            items,
            columns: form.columns,
            cellSize: form.size,
            spacing: form.spacing,
            background: form.background,
            captions: form.captions,
            kernel: form.kernel,
          },
        };
      }
      case 'animation':
        if (form.formats.length === 0) return 'Choose at least one format.';
        if (form.animationSource === 'training') {
          return {
            call: 'export:timeline',
            args: {
              projectId: project.id,
              runId: explore.runId,
              out,
              formats: form.formats,
              fps: form.fps,
              repeat: explore.path.loop,
              scale: form.scale,
            },
          };
        }
        return {
          call: 'export:animation',
          args: {
            ...source,
            keyframes: this.keyframes(),
            options: explore.path,
            formats: form.formats,
            size: form.size,
            fps: form.fps,
            seconds: form.seconds,
            repeat: explore.path.loop,
            kernel: form.kernel,
          },
        };
      case 'model':
        return { call: 'export:model', args: { ...source, directions: form.directions } };
    }
  }

  async start(overwrite = false): Promise<void> {
    this.error = null;
    const request =
      this.replace && overwrite ? { call: this.replace.call, args: this.replace.args } : this.request();
    this.replace = null;
    if (typeof request === 'string') {
      this.error = request;
      return;
    }
    this.starting = true;
    try {
      const pickSavePath = this.#desktop?.pickSavePath;
      if (pickSavePath && !overwrite) {
        // Electron: the system's save dialog picks the destination and has already asked about
        // replacing an existing file, so the export may replace it.
        const chosen = await pickSavePath(String(request.args.out));
        if (chosen === null) return;
        request.args = { ...request.args, out: chosen };
        overwrite = true;
      }
      const args = { ...request.args, overwrite } as CallArgs<typeof request.call>;
      const { jobId } = await this.#api.call(request.call, args as never);
      this.jobId = jobId;
    } catch (error) {
      if (error instanceof ServiceCallError && error.code === 'conflict') {
        this.replace = { message: error.message, ...request };
      } else this.error = describeError(error);
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (this.jobId)
      await this.#api.call('jobs:cancel', { jobId: this.jobId, keepPartial: false }).catch(() => undefined);
  }

  /** A few frames along the animation's path, drawn before anything is written. */
  async drawPreview(frames = 8): Promise<void> {
    const explore = this.#explore;
    const project = explore.project;
    if (!project || !explore.runId) return;
    const path = this.keyframes();
    const steps = explore.path.loop ? frames : frames - 1;
    try {
      const drawn = await this.#api.call('latent:render', {
        projectId: project.id,
        runId: explore.runId,
        ...(explore.step === null ? {} : { step: explore.step }),
        useEma: explore.useEma,
        specs: Array.from({ length: frames }, (_, i) => ({ path, options: explore.path, t: i / steps })),
      });
      this.preview = drawn.images;
    } catch (error) {
      this.error = describeError(error);
    }
  }

  /** Reads a dropped PNG's provenance and reopens its image in the explorer; says why when it cannot. */
  async reopen(file: Blob): Promise<Provenance | null> {
    this.error = null;
    this.reopened = null;
    const bytes = new Uint8Array(await file.slice(0, headBytes).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    try {
      const projectId = this.#explore.project?.id;
      const { provenance, problem } = await this.#api.call('export:inspect-png', {
        head: btoa(binary),
        ...(projectId ? { projectId } : {}),
      });
      if (problem !== null || provenance === null) {
        this.error = problem ?? 'This PNG cannot be reopened.';
        return null;
      }
      this.#explore.openProvenance(provenance);
      this.reopened =
        `Reopened seed ${provenance.point.seed} of “${provenance.run.name}” at step ${provenance.step}` +
        (provenance.point.moves.length > 0
          ? `, with ${provenance.point.moves.length} direction moves.`
          : '.');
      return provenance;
    } catch (error) {
      this.error = describeError(error);
      return null;
    }
  }
}
