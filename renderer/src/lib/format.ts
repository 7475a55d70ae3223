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
  const eta = job.progress?.etaSeconds;
  const parts = [job.title];
  if (fraction !== null && fraction !== undefined) parts.push(percent(fraction));
  if (eta !== null && eta !== undefined) parts.push(etaLabel(eta));
  return parts.join(' · ');
}

/** "about 40 s left", "about 3 min left": rounded, since an estimate is only an estimate. */
export function etaLabel(seconds: number): string {
  if (seconds < 1.5) return 'almost done';
  if (seconds < 60) return `about ${Math.round(seconds)} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const hours = Math.floor(seconds / 3600);
  return `about ${hours} h ${Math.round((seconds - hours * 3600) / 60)} min left`;
}

/** "1 image", "3 images", "0 images"; `plural` for words that do not just take an s. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function timeAgo(then: number, now: number): string {
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  return new Date(then).toLocaleDateString();
}

function significant(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** "0.0421 s per step · 12.3 GFLOP/s" */
export function benchmarkLabel(result: BenchmarkResult): string {
  return `${significant(result.secondsPerIteration)} s per step · ${significant(result.gflopsPerSecond)} GFLOP/s`;
}

/** Seconds as "1 h 04 min", "3 min 05 s" or "42 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

/** Bytes as "12.3 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
