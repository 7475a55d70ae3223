import type {
  Direction,
  Favorite,
  LatentPoint,
  LatentSpec,
  PathOptions,
  Project,
  Provenance,
  RunSummary,
} from '$contract';
import type { Api } from '../lib/api.js';
import { LatestOnly } from '../lib/latest-only.js';
import { describeError } from '../lib/service-call-error.js';

export const gallerySize = 16;
/** Direction sliders shown; the strongest first. */
export const slidersShown = 8;

export const defaultPath: PathOptions = { mode: 'slerp', easing: 'ease-in-out', loop: true };

type Render = { specs: LatentSpec[]; channel: string };

/**
 * The Explore view: a checkpoint of a run, a gallery of seeds, one latent shaped with sliders, and a
 * path through keyframes scrubbed on a timeline. Every picture is drawn by the service from a latent
 * description; sliders and the scrubber go through LatestOnly, so only the newest position is drawn.
 */
export class ExploreStore {
  project = $state.raw<Project | null>(null);
  runs = $state.raw<RunSummary[]>([]);
  runId = $state<string | null>(null);
  /** null: the newest checkpoint. */
  step = $state<number | null>(null);
  useEma = $state(true);
  truncation = $state(1);
  page = $state(0);
  gallery = $state.raw<string[]>([]);
  /** The latent being shaped. */
  point = $state.raw<LatentPoint>({ seed: 0, truncation: 1, moves: [], dimensions: [] });
  image = $state<string | null>(null);
  directions = $state.raw<Direction[]>([]);
  /** Whether the directions of the checkpoint on show have been looked for (there may be none). */
  directionsLoaded = $state(false);
  keyframes = $state.raw<LatentPoint[]>([]);
  path = $state.raw<PathOptions>(defaultPath);
  t = $state(0);
  frame = $state<string | null>(null);
  favorites = $state.raw<Favorite[]>([]);
  /** Directions kept as they are by Randomise. */
  locked = $state.raw<number[]>([]);
  /** Vector arithmetic: three seeds and the image of A − B + C. */
  arithmetic = $state.raw<{ a: number; b: number; c: number }>({ a: 1, b: 2, c: 3 });
  arithmeticImages = $state.raw<string[]>([]);
  /** The checkpoint the last picture came from (the newest one's step when `step` is null). */
  shownStep = $state<number | null>(null);
  error = $state<string | null>(null);
  readonly #api: Api;
  readonly #single: LatestOnly<Render, string[]>;
  readonly #timeline: LatestOnly<Render, string[]>;

  constructor(api: Api) {
    this.#api = api;
    const fail = (error: unknown) => {
      if ((error as { code?: string }).code !== 'conflict') this.error = describeError(error);
    };
    this.#single = new LatestOnly(
      (request) => this.#render(request),
      ([image]) => (this.image = image ?? null),
      fail,
    );
    this.#timeline = new LatestOnly(
      (request) => this.#render(request),
      ([image]) => (this.frame = image ?? null),
      fail,
    );
  }

  /** Runs with something to explore: DCGANs (a CycleGAN has no latent space) with a checkpoint. */
  get explorable(): RunSummary[] {
    return this.runs.filter((run) => run.settings.model === 'dcgan' && run.checkpoints.length > 0);
  }

  get run(): RunSummary | null {
    return this.runs.find((run) => run.id === this.runId) ?? null;
  }

  setProject(project: Project | null): void {
    if (project?.id === this.project?.id) return;
    this.project = project;
    this.runs = [];
    this.runId = null;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const project = this.project;
    if (!project) return;
    try {
      this.favorites = await this.#api.call('favorites:list', { projectId: project.id });
      this.runs = await this.#api.call('runs:list', { projectId: project.id });
      if (!this.run || this.run.checkpoints.length === 0) this.chooseRun(this.explorable[0]?.id ?? null);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  chooseRun(runId: string | null): void {
    this.runId = runId;
    this.step = null;
    this.directions = [];
    void this.#reload();
  }

  chooseStep(step: number | null): void {
    this.step = step;
    this.directions = [];
    void this.#reload();
  }

  setEma(on: boolean): void {
    this.useEma = on;
    this.directions = [];
    void this.#reload();
  }

  setTruncation(value: number): void {
    this.truncation = value;
    this.point = { ...this.point, truncation: value };
    void this.loadGallery();
    this.#drawPoint();
  }

  turnPage(by: number): void {
    this.page = Math.max(0, this.page + by);
    void this.loadGallery();
  }

  reroll(): void {
    this.page = Math.floor(Math.random() * 100_000);
    void this.loadGallery();
  }

  seedsOnPage(): number[] {
    return Array.from({ length: gallerySize }, (_, i) => this.page * gallerySize + i);
  }

  open(seed: number): void {
    this.point = { seed, truncation: this.truncation, moves: [], dimensions: [] };
    this.#drawPoint();
  }

  /** Moves the latent along direction `index` by `amount` standard deviations. */
  move(index: number, amount: number): void {
    const moves = this.point.moves.filter((each) => each.direction !== index);
    if (amount !== 0) moves.push({ direction: index, amount });
    this.point = { ...this.point, moves };
    this.#drawPoint();
  }

  amountOf(index: number): number {
    return this.point.moves.find((each) => each.direction === index)?.amount ?? 0;
  }

  resetMoves(): void {
    this.point = { ...this.point, moves: [], dimensions: [] };
    this.#drawPoint();
  }

  /** Names a direction of the checkpoint on show, in the project (an empty name removes it). */
  async nameDirection(index: number, name: string): Promise<void> {
    const project = this.project;
    const run = this.run;
    const step = this.step ?? this.shownStep;
    if (!project || !run || step === null) return;
    try {
      await this.#api.call('latent:name-direction', {
        projectId: project.id,
        runId: run.id,
        step,
        index,
        name,
      });
      this.directions = this.directions.map((d) =>
        d.index === index ? { ...d, name: name.trim() || null } : d,
      );
    } catch (error) {
      this.error = describeError(error);
    }
  }

  toggleLock(index: number): void {
    this.locked = this.locked.includes(index)
      ? this.locked.filter((i) => i !== index)
      : [...this.locked, index];
  }

  /** Sets raw latent dimension `index` (after the moves); null lets the seed's value through again. */
  setDimension(index: number, value: number | null): void {
    const dimensions = this.point.dimensions.filter((each) => each.index !== index);
    if (value !== null) dimensions.push({ index, value });
    this.point = { ...this.point, dimensions };
    this.#drawPoint();
  }

  dimensionOf(index: number): number | null {
    return this.point.dimensions.find((each) => each.index === index)?.value ?? null;
  }

  /** A, B, C and A − B + C (Radford et al., section 6), drawn together. */
  async drawArithmetic(seeds: { a: number; b: number; c: number } = this.arithmetic): Promise<void> {
    this.arithmetic = seeds;
    const point = (seed: number): LatentPoint => ({
      seed,
      truncation: this.truncation,
      moves: [],
      dimensions: [],
    });
    try {
      this.arithmeticImages = await this.#render({
        specs: [
          { point: point(seeds.a) },
          { point: point(seeds.b) },
          { point: point(seeds.c) },
          { arithmetic: { a: point(seeds.a), b: point(seeds.b), c: point(seeds.c) } },
        ],
        channel: 'arithmetic',
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'conflict') this.error = describeError(error);
    }
  }

  /** New amounts for every direction that is not locked. */
  randomizeMoves(): void {
    const moves = this.directions.slice(0, slidersShown).map((direction) => ({
      direction: direction.index,
      amount: this.locked.includes(direction.index)
        ? this.amountOf(direction.index)
        : Math.round((Math.random() * 4 - 2) * 10) / 10,
    }));
    this.point = { ...this.point, moves };
    this.#drawPoint();
  }

  addKeyframe(point: LatentPoint = this.point): void {
    this.keyframes = [...this.keyframes, point];
    this.#drawFrame();
  }

  /** Keeps the latent on show, with its model and checkpoint, under a name. */
  async saveFavorite(name: string): Promise<boolean> {
    const project = this.project;
    const run = this.run;
    const step = this.step ?? this.shownStep;
    if (!project || !run || step === null) return false;
    try {
      const added = await this.#api.call('favorites:add', {
        projectId: project.id,
        name,
        runId: run.id,
        step,
        useEma: this.useEma,
        point: this.point,
      });
      this.favorites = [...this.favorites, added];
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    }
  }

  /** Reopens a favourite exactly: its model, checkpoint and latent. */
  openFavorite(favorite: Favorite): void {
    this.runId = favorite.runId;
    this.step = favorite.step;
    this.useEma = favorite.useEma;
    this.truncation = favorite.point.truncation;
    this.point = favorite.point;
    this.directions = [];
    void this.#reload();
  }

  /** Reopens an exported image exactly, from the provenance in its PNG. */
  openProvenance(provenance: Provenance): void {
    this.openFavorite({
      id: 'provenance',
      name: `seed ${provenance.point.seed}`,
      runId: provenance.run.id,
      step: provenance.step,
      useEma: provenance.useEma,
      point: provenance.point,
      createdAt: 0,
    });
  }

  async removeFavorite(id: string): Promise<void> {
    const project = this.project;
    if (!project) return;
    try {
      await this.#api.call('favorites:remove', { projectId: project.id, id });
      this.favorites = this.favorites.filter((favorite) => favorite.id !== id);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  removeKeyframe(index: number): void {
    this.keyframes = this.keyframes.filter((_, i) => i !== index);
    this.#drawFrame();
  }

  setPath(options: Partial<PathOptions>): void {
    this.path = { ...this.path, ...options };
    this.#drawFrame();
  }

  scrub(t: number): void {
    this.t = Math.min(1, Math.max(0, t));
    this.#drawFrame();
  }

  async loadGallery(): Promise<void> {
    if (!this.run) return;
    try {
      const seeds = this.seedsOnPage();
      this.gallery = await this.#render({
        specs: seeds.map((seed) => ({
          point: { seed, truncation: this.truncation, moves: [], dimensions: [] },
        })),
        channel: 'gallery',
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'conflict') this.error = describeError(error);
    }
  }

  async #reload(): Promise<void> {
    this.#single.reset();
    this.#timeline.reset();
    this.error = null;
    this.gallery = [];
    if (!this.run) return;
    await this.loadGallery();
    this.#drawPoint();
    this.#drawFrame();
    await this.#loadDirections();
  }

  async #loadDirections(): Promise<void> {
    const project = this.project;
    const run = this.run;
    if (!project || !run) return;
    this.directionsLoaded = false;
    try {
      const found = await this.#api.call('latent:directions', {
        projectId: project.id,
        runId: run.id,
        useEma: this.useEma,
        count: slidersShown,
        ...(this.step === null ? {} : { step: this.step }),
      });
      if (run.id === this.runId) {
        this.directions = found.directions;
        this.directionsLoaded = true;
      }
    } catch (error) {
      this.error = describeError(error);
      this.directionsLoaded = true;
    }
  }

  #drawPoint(): void {
    if (this.run) this.#single.request({ specs: [{ point: this.point }], channel: 'single' });
  }

  #drawFrame(): void {
    if (!this.run || this.keyframes.length < 2) {
      this.frame = null;
      return;
    }
    this.#timeline.request({
      specs: [{ path: this.keyframes, options: this.path, t: this.t }],
      channel: 'timeline',
    });
  }

  async #render({ specs, channel }: Render): Promise<string[]> {
    const project = this.project;
    const run = this.run;
    if (!project || !run) return [];
    const result = await this.#api.call('latent:render', {
      projectId: project.id,
      runId: run.id,
      useEma: this.useEma,
      specs,
      channel,
      ...(this.step === null ? {} : { step: this.step }),
    });
    this.shownStep = result.step;
    return result.images;
  }
}
