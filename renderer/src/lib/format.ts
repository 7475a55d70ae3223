import type { BackendInfo, BenchmarkResult, JobSummary, TrainerStatus } from '$contract';

export function backendLabel(backend: BackendInfo): string {
  return `${backend.name} · ${backend.device}`;
}

/** The status-bar tooltip: what runs, who asked for it, and why faster backends were passed over. */
export function backendDetails(backend: BackendInfo): string {
  const requested =
    backend.requested === 'auto'
      ? 'Chosen automatically (fastest that loads)'
      : `Requested: ${backend.requested} (by ${backend.requestedBy})`;
  const lines = [`${backend.name} on ${backend.device}`, requested, `TensorFlow.js ${backend.tfjsVersion}`];
  if (backend.fallbacks.length > 0) {
    lines.push(
      'Not used:',
      ...backend.fallbacks.map((fallback) => `• ${fallback.backend}: ${fallback.reason}`),
    );
  }
  return lines.join('\n');
}

const trainerWords: Record<TrainerStatus['state'], string> = {
  starting: 'Trainer starting',
  ready: 'Trainer ready',
  busy: 'Trainer busy',
  crashed: 'Trainer crashed',
  stopped: 'Trainer stopped',
};

export function trainerLabel(trainer: TrainerStatus): string {
  return trainerWords[trainer.state];
}

export function trainerDetails(trainer: TrainerStatus): string {
  const lines = [trainer.pid === null ? 'No trainer process' : `Process ${trainer.pid}`];
  if (trainer.restarts > 0)
    lines.push(`Restarted ${trainer.restarts} ${trainer.restarts === 1 ? 'time' : 'times'}`);
  if (trainer.lastError) lines.push(`Last error: ${trainer.lastError}`);
  return lines.join('\n');
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function jobLabel(job: JobSummary): string {
  const fraction = job.progress?.fraction;
  return fraction === null || fraction === undefined ? job.title : `${job.title} · ${percent(fraction)}`;
}

function significant(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** "0.0421 s per step · 12.3 GFLOP/s" */
export function benchmarkLabel(result: BenchmarkResult): string {
  return `${significant(result.secondsPerIteration)} s per step · ${significant(result.gflopsPerSecond)} GFLOP/s`;
}
