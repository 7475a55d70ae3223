import type {
  HealthWarning,
  MetricPoint,
  PresetName,
  Project,
  RunEvent,
  RunSummary,
  TrainingSettings,
} from '$contract';
import type { Api } from '../lib/api.js';
import { describeError } from '../lib/service-call-error.js';

/** The most points the dashboard keeps for one run's curve; older ones are thinned by the service. */
const maxCurvePoints = 4000;

export interface StartRequest {
  datasetId: string;
  preset: PresetName;
  settings: Partial<TrainingSettings>;
  name?: string;
}

/**
 * The Train view's state: the project's runs, and the selected run's curve, sample grids,
 * checkpoints and warnings, kept live from 'runs:event'. Calls report their errors in `error`.
 */
export class TrainingStore {
  project = $state.raw<Project | null>(null);
  runs = $state.raw<RunSummary[]>([]);
  selectedId = $state<string | null>(null);
  /** The selected run's curve, oldest first. */
  curve = $state.raw<MetricPoint[]>([]);
  error = $state<string | null>(null);
  /** A call in flight (start, pause, …): its buttons are disabled meanwhile. */
  busy = $state(false);
  /** How much the charts smooth the curves (an EMA's weight), kept as the user moves between runs. */
  smoothing = $state(0.8);
  readonly #api: Api;
  #curveRequest = 0;

  constructor(api: Api) {
    this.#api = api;
    api.on('runs:event', (event) => this.#apply(event));
  }

  get selected(): RunSummary | null {
    return this.runs.find((run) => run.id === this.selectedId) ?? null;
  }

  /** Follows the open project. */
  setProject(project: Project | null): void {
    const same = project?.id === this.project?.id;
    this.project = project;
    if (same) return;
    this.runs = [];
    this.curve = [];
    this.selectedId = null;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const project = this.project;
    if (!project) return;
    try {
      const runs = await this.#api.call('runs:list', { projectId: project.id });
      if (this.project?.id !== project.id) return;
      this.runs = runs;
      if (!this.selected) this.select(runs[0]?.id ?? null);
      else void this.#loadCurve();
    } catch (error) {
      this.error = describeError(error);
    }
  }

  select(runId: string | null): void {
    this.selectedId = runId;
    this.curve = [];
    void this.#loadCurve();
  }

  start(request: StartRequest): Promise<boolean> {
    return this.#act(async (projectId) => {
      const { run } = await this.#api.call('training:start', { projectId, ...request });
      this.#upsert(run);
      this.select(run.id);
    });
  }

  pause(): Promise<boolean> {
    return this.#onSelected((projectId, runId) => this.#api.call('training:pause', { projectId, runId }));
  }

  stop(): Promise<boolean> {
    return this.#onSelected((projectId, runId) => this.#api.call('training:stop', { projectId, runId }));
  }

  resume(totalSteps?: number): Promise<boolean> {
    return this.#onSelected(async (projectId, runId) => {
      const { run } = await this.#api.call('training:resume', {
        projectId,
        runId,
        ...(totalSteps === undefined ? {} : { totalSteps }),
      });
      return run;
    });
  }

  branch(step: number, settings: Partial<TrainingSettings>, name?: string): Promise<boolean> {
    return this.#onSelected(async (projectId, runId) => {
      const { run } = await this.#api.call('training:branch', {
        projectId,
        runId,
        step,
        settings,
        ...(name === undefined ? {} : { name }),
      });
      this.#upsert(run);
      this.select(run.id);
      return run;
    });
  }

  async remove(runId: string): Promise<boolean> {
    return this.#act(async (projectId) => {
      await this.#api.call('runs:delete', { projectId, runId, confirm: true });
      this.runs = this.runs.filter((run) => run.id !== runId);
      if (this.selectedId === runId) this.select(this.runs[0]?.id ?? null);
    });
  }

  /** Runs a call on the selected run and takes the run it answers with. */
  #onSelected(call: (projectId: string, runId: string) => Promise<RunSummary>): Promise<boolean> {
    const runId = this.selectedId;
    if (!runId) return Promise.resolve(false);
    return this.#act(async (projectId) => this.#upsert(await call(projectId, runId)));
  }

  async #act(work: (projectId: string) => Promise<unknown>): Promise<boolean> {
    const project = this.project;
    if (!project) return false;
    this.busy = true;
    this.error = null;
    try {
      await work(project.id);
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async #loadCurve(): Promise<void> {
    const project = this.project;
    const runId = this.selectedId;
    const request = ++this.#curveRequest;
    if (!project || !runId) return;
    try {
      const points = await this.#api.call('runs:metrics', {
        projectId: project.id,
        runId,
        fromStep: 0,
        maxPoints: maxCurvePoints,
      });
      // Points streamed while the call was under way may be newer than what it read: keep them.
      if (request === this.#curveRequest) this.curve = mergeCurve(points, this.curve);
    } catch (error) {
      if (request === this.#curveRequest) this.error = describeError(error);
    }
  }

  #apply(event: RunEvent): void {
    if (event.projectId !== this.project?.id) return;
    if (event.type === 'changed') {
      this.#upsert(event.run);
      return;
    }
    const run = this.runs.find((each) => each.id === event.runId);
    if (!run) {
      void this.refresh();
      return;
    }
    switch (event.type) {
      case 'metrics': {
        if (event.runId === this.selectedId) this.curve = appendCurve(this.curve, event.points);
        const last = event.points.at(-1);
        if (last) this.#upsert({ ...run, step: Math.max(run.step, last.step), seconds: last.seconds });
        return;
      }
      case 'sample':
        this.#upsert({ ...run, sampleSteps: addStep(run.sampleSteps, event.step) });
        return;
      case 'checkpoint': {
        const checkpoints = [
          ...run.checkpoints.filter((c) => c.step !== event.checkpoint.step),
          event.checkpoint,
        ];
        this.#upsert({ ...run, checkpoints, checkpointBytes: sumBytes(checkpoints) });
        // Retention may have removed older ones: the run as the service sees it tells.
        void this.#reloadRun(event.runId);
        return;
      }
      case 'warning':
        this.#upsert({ ...run, warnings: addWarning(run.warnings, event.warning) });
        return;
    }
  }

  async #reloadRun(runId: string): Promise<void> {
    const project = this.project;
    if (!project) return;
    try {
      const fresh = await this.#api.call('runs:get', { projectId: project.id, runId });
      const known = this.runs.find((run) => run.id === runId);
      if (this.project?.id === project.id && known) this.#upsert(mergeRun(known, fresh));
    } catch {
      // Not fatal: the checkpoint is listed already, and the next list or 'changed' event corrects it.
    }
  }

  #upsert(run: RunSummary): RunSummary {
    const known = this.runs.some((each) => each.id === run.id);
    this.runs = known ? this.runs.map((each) => (each.id === run.id ? run : each)) : [run, ...this.runs];
    return run;
  }
}

/** Appends new points, replacing any at or after the first new step (a resumed run's curve goes on). */
export function appendCurve(curve: MetricPoint[], points: MetricPoint[]): MetricPoint[] {
  const first = points[0];
  if (!first) return curve;
  const kept =
    curve.at(-1) && (curve.at(-1)?.step ?? 0) >= first.step
      ? curve.filter((p) => p.step < first.step)
      : curve;
  const next = [...kept, ...points];
  // Keep the newest points in full; halve the older half when it grows too long.
  if (next.length <= maxCurvePoints) return next;
  const older = next.slice(0, next.length - maxCurvePoints / 2).filter((_, i) => i % 2 === 0);
  return [...older, ...next.slice(next.length - maxCurvePoints / 2)];
}

/** A curve read from the service, followed by any streamed points newer than its last. */
export function mergeCurve(loaded: MetricPoint[], streamed: MetricPoint[]): MetricPoint[] {
  const last = loaded.at(-1)?.step ?? 0;
  const newer = streamed.filter((point) => point.step > last);
  return newer.length > 0 ? [...loaded, ...newer] : loaded;
}

/**
 * A run read while it trains, merged with what events told since the read began: progress only
 * moves forward meanwhile (a 'changed' event, sent when the state changes, replaces it whole).
 */
export function mergeRun(known: RunSummary, fresh: RunSummary): RunSummary {
  if (known.step <= fresh.step) return fresh;
  return {
    ...fresh,
    step: known.step,
    seconds: Math.max(known.seconds, fresh.seconds),
    sampleSteps: known.sampleSteps.reduce(addStep, fresh.sampleSteps),
  };
}

function addStep(steps: number[], step: number): number[] {
  return steps.includes(step) ? steps : [...steps, step].sort((a, b) => a - b);
}

function addWarning(warnings: HealthWarning[], warning: HealthWarning): HealthWarning[] {
  const known = warnings.some((each) => each.code === warning.code && each.step === warning.step);
  return known ? warnings : [...warnings, warning].slice(-20);
}

function sumBytes(checkpoints: RunSummary['checkpoints']): number {
  return checkpoints.reduce((sum, checkpoint) => sum + checkpoint.bytes, 0);
}
