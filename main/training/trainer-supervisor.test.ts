import { afterEach, describe, expect, it } from 'vitest';
import {
  BenchmarkResult,
  type BackendInfo,
  type BackendPreference,
  type TrainerStatus,
} from '../contract/index.js';
import { createNodeTrainerSpawner } from './node-trainer-spawner.js';
import type { TrainerExit, TrainerHandle, TrainerSpawner } from './trainer-handle.js';
import type { ParentMessage, TrainerJobEvent } from './trainer-protocol.js';
import { TrainerSupervisor, type TrainerSupervisorOptions } from './trainer-supervisor.js';

const backendInfo: BackendInfo = {
  name: 'wasm',
  device: 'CPU · 2 cores · wasm SIMD, 1 thread',
  requested: 'auto',
  requestedBy: 'default',
  fallbacks: [],
  tfjsVersion: '4.22.0',
};
const task = { kind: 'benchmark', iterations: 3, size: 32 } as const;

/** A trainer process played by the test: it hears what the supervisor sends and says what we want. */
class FakeTrainer implements TrainerHandle {
  static nextPid = 1000;
  readonly pid = FakeTrainer.nextPid++;
  readonly received: ParentMessage[] = [];
  killed = false;
  private messageListeners: Array<(message: unknown) => void> = [];
  private exitListeners: Array<(exit: TrainerExit) => void> = [];
  private gone = false;

  constructor(
    readonly env: Record<string, string>,
    private readonly onShutdown: 'exit' | 'ignore',
  ) {}

  send(message: unknown): void {
    this.received.push(message as ParentMessage);
    if ((message as ParentMessage).type === 'shutdown' && this.onShutdown === 'exit')
      this.exit({ code: 0, signal: null });
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (exit: TrainerExit) => void): void {
    this.exitListeners.push(listener);
  }
  kill(): void {
    this.killed = true;
    this.exit({ code: null, signal: 'SIGKILL' });
  }
  say(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }
  ready(): void {
    this.say({ type: 'ready', backend: backendInfo });
  }
  exit(exit: TrainerExit): void {
    if (this.gone) return;
    this.gone = true;
    for (const listener of this.exitListeners) listener(exit);
  }
}

function harness(overrides: Partial<TrainerSupervisorOptions> & { onShutdown?: 'exit' | 'ignore' } = {}) {
  const trainers: FakeTrainer[] = [];
  const statuses: TrainerStatus[] = [];
  const events: Array<[string, TrainerJobEvent]> = [];
  const logs: string[] = [];
  let preference: BackendPreference = 'auto';
  const spawn: TrainerSpawner = (env) => {
    const trainer = new FakeTrainer(env, overrides.onShutdown ?? 'exit');
    trainers.push(trainer);
    return trainer;
  };
  const supervisor = new TrainerSupervisor({
    spawn,
    preference: () => preference,
    onStatus: (status) => statuses.push(status),
    onJobEvent: (jobId, event) => events.push([jobId, event]),
    onBackend: () => undefined,
    log: (line) => logs.push(line),
    restartDelaysMs: [0, 20],
    stopTimeoutMs: 50,
    ...overrides,
  });
  const latest = () => trainers[trainers.length - 1] as FakeTrainer;
  return {
    supervisor,
    trainers,
    statuses,
    events,
    logs,
    latest,
    setPreference: (next: BackendPreference) => (preference = next),
    states: () => statuses.map((s) => s.state),
  };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TrainerSupervisor with a stand-in trainer', () => {
  it('starts a trainer with the backend preference, and hands it jobs once it is ready', async () => {
    const h = harness();
    h.setPreference('wasm');
    h.supervisor.start();
    expect(h.latest().env).toEqual({ GANVAS_BACKEND_PREFERENCE: 'wasm' });
    h.supervisor.run('a', task);
    expect(h.latest().received).toEqual([]);
    const ready = h.supervisor.whenReady(1000);
    h.latest().ready();
    await expect(ready).resolves.toEqual(backendInfo);
    expect(h.latest().received).toEqual([{ type: 'run', jobId: 'a', task }]);
    expect(h.supervisor.backend()).toEqual(backendInfo);

    h.latest().say({
      type: 'job',
      jobId: 'a',
      event: { type: 'progress', progress: { fraction: 0.5, message: 'half' } },
    });
    h.latest().say({ type: 'job', jobId: 'a', event: { type: 'done', result: { fine: true } } });
    expect(h.events.map(([id, e]) => `${id}:${e.type}`)).toEqual(['a:progress', 'a:done']);
    expect(h.states()).toEqual(['starting', 'busy', 'ready']);
    expect(h.supervisor.status()).toEqual({
      state: 'ready',
      pid: h.latest().pid,
      lastError: null,
      restarts: 0,
    });
  });

  it('fails every job of a trainer that dies, with the reason, and starts a new one at once', async () => {
    const h = harness();
    h.supervisor.start();
    h.latest().ready();
    h.supervisor.run('running', task);
    h.supervisor.run('queued', task);
    const first = h.latest();
    first.exit({ code: null, signal: 'SIGKILL' });

    const reason = 'The trainer process stopped unexpectedly (killed by SIGKILL).';
    const failure = `${reason} Your last checkpoint is safe; start the job again.`;
    expect(h.events).toEqual([
      ['running', { type: 'failed', error: failure, crashed: true }],
      ['queued', { type: 'failed', error: failure, crashed: true }],
    ]);
    expect(h.supervisor.status()).toEqual({ state: 'crashed', pid: null, lastError: reason, restarts: 0 });
    await tick(5);
    expect(h.trainers).toHaveLength(2);
    h.latest().ready();
    expect(h.supervisor.status()).toMatchObject({
      state: 'ready',
      pid: h.latest().pid,
      lastError: reason,
      restarts: 1,
    });
    // A late message from the dead trainer changes nothing.
    first.say({ type: 'job', jobId: 'running', event: { type: 'done', result: 1 } });
    expect(h.events).toHaveLength(2);
  });

  it("explains an exit with the trainer's last words when it had any", () => {
    const h = harness();
    h.supervisor.start();
    h.supervisor.run('a', task);
    h.latest().say({ type: 'fatal', message: 'No TensorFlow.js backend could start: cpu: broken' });
    h.latest().exit({ code: 1, signal: null });
    expect(h.events[0]?.[1]).toEqual({
      type: 'failed',
      error:
        'The trainer stopped: No TensorFlow.js backend could start: cpu: broken Your last checkpoint is safe; start the job again.',
      crashed: true,
    });
  });

  it('backs off when the trainer keeps dying at start, then gives up with a readable error', async () => {
    const h = harness({ restartDelaysMs: [0, 30] });
    h.supervisor.start();
    const ready = h.supervisor.whenReady(5000).then(
      () => 'ready',
      (error: Error) => error.message,
    );
    h.latest().exit({ code: 3, signal: null });
    await tick(5);
    expect(h.trainers).toHaveLength(2);
    h.latest().exit({ code: 3, signal: null });
    await tick(5);
    expect(h.trainers).toHaveLength(2); // still waiting out the 30 ms back-off
    await tick(40);
    expect(h.trainers).toHaveLength(3);
    h.latest().exit({ code: 3, signal: null });
    await tick(100);
    expect(h.trainers).toHaveLength(3);

    const expected =
      'The trainer process stopped unexpectedly (exit code 3). It stopped 3 times within a minute, so Ganvas ' +
      'stopped restarting it; it will try again when you start a job or restart the trainer.';
    expect(await ready).toBe(expected);
    await expect(h.supervisor.whenReady()).rejects.toThrow(expected);
    expect(h.supervisor.status()).toEqual({ state: 'crashed', pid: null, lastError: expected, restarts: 2 });

    // A new job is the user asking to try again.
    h.supervisor.run('a', task);
    expect(h.trainers).toHaveLength(4);
    h.latest().ready();
    expect(h.latest().received).toEqual([{ type: 'run', jobId: 'a', task }]);
  });

  it('kills a trainer that never becomes ready and says so', async () => {
    const h = harness({ startTimeoutMs: 20, restartDelaysMs: [] });
    h.supervisor.start();
    h.supervisor.run('a', task);
    await tick(60);
    expect(h.trainers[0]?.killed).toBe(true);
    expect(h.events[0]?.[1]).toMatchObject({
      type: 'failed',
      error: expect.stringMatching(/^The trainer did not start within 0.02 s\./),
    });
  });

  it('drops malformed messages and events for unknown jobs with a log line, and goes on', () => {
    const h = harness();
    h.supervisor.start();
    h.latest().say({ type: 'ready' });
    h.latest().say('hello');
    h.latest().say({ type: 'job', jobId: 'nobody', event: { type: 'cancelled' } });
    h.latest().ready();
    expect(h.supervisor.status().state).toBe('ready');
    expect(h.logs.filter((line) => line.startsWith('Dropped'))).toEqual([
      expect.stringContaining('Dropped a malformed message {"type":"ready"} (backend:'),
      expect.stringContaining('Dropped a malformed message "hello"'),
      'Dropped a cancelled event for unknown job nobody.',
    ]);
  });

  it('cancels a job the trainer has not seen at once, and asks the trainer to cancel one it runs', () => {
    const h = harness();
    h.supervisor.start();
    h.supervisor.run('early', task);
    h.supervisor.cancel('early');
    expect(h.events).toEqual([['early', { type: 'cancelled' }]]);
    h.latest().ready();
    h.supervisor.run('late', task);
    h.supervisor.cancel('late');
    expect(h.latest().received).toEqual([
      { type: 'run', jobId: 'late', task },
      { type: 'cancel', jobId: 'late' },
    ]);
    h.supervisor.cancel('unknown');
    expect(h.events).toHaveLength(1);
  });

  it('restarts only when idle, with the preference of the moment', async () => {
    const h = harness();
    h.supervisor.start();
    h.latest().ready();
    h.supervisor.run('a', task);
    await expect(h.supervisor.restart()).rejects.toThrow('A job is running');
    h.latest().say({ type: 'job', jobId: 'a', event: { type: 'done', result: null } });

    h.setPreference('cpu');
    const first = h.latest();
    const restarted = h.supervisor.restart();
    await tick();
    expect(first.received.at(-1)).toEqual({ type: 'shutdown' });
    expect(h.latest().env).toEqual({ GANVAS_BACKEND_PREFERENCE: 'cpu' });
    h.latest().ready();
    await restarted;
    expect(h.supervisor.status()).toMatchObject({ state: 'ready', lastError: null, restarts: 1 });
    expect(h.events.filter(([, e]) => e.type === 'failed')).toEqual([]);
  });

  it('stops: fails what is left, kills a trainer that ignores the request, refuses new jobs', async () => {
    const h = harness({ onShutdown: 'ignore' });
    h.supervisor.start();
    h.latest().ready();
    h.supervisor.run('a', task);
    await h.supervisor.stop();
    expect(h.latest().killed).toBe(true);
    expect(h.events).toEqual([
      ['a', { type: 'failed', error: 'The trainer was stopped because Ganvas is closing.' }],
    ]);
    expect(h.supervisor.status()).toEqual({ state: 'stopped', pid: null, lastError: null, restarts: 0 });
    h.supervisor.run('b', task);
    expect(h.events.at(-1)).toEqual([
      'b',
      { type: 'failed', error: 'The trainer is not running (Ganvas is shutting down).' },
    ]);
    await tick(30);
    expect(h.trainers).toHaveLength(1);
  });
});

describe('TrainerSupervisor with a real trainer process', () => {
  const spawnReal = createNodeTrainerSpawner({ log: () => undefined });
  // GANVAS_BACKEND from the developer's shell would override the preference the test sets.
  const spawn: TrainerSpawner = (env) => spawnReal({ ...env, GANVAS_BACKEND: '' });
  let supervisor: TrainerSupervisor | undefined;

  afterEach(async () => {
    await supervisor?.stop();
  });

  function realHarness() {
    const events: Array<[string, TrainerJobEvent]> = [];
    const listeners = new Set<() => void>();
    supervisor = new TrainerSupervisor({
      spawn,
      preference: () => 'wasm',
      onStatus: () => listeners.forEach((l) => l()),
      onJobEvent: (jobId, event) => {
        events.push([jobId, event]);
        listeners.forEach((l) => l());
      },
      onBackend: () => undefined,
    });
    const until = (predicate: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!predicate()) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
      });
    return { supervisor, events, until };
  }

  it('runs the benchmark in a forked trainer and returns its result', async () => {
    const { supervisor, events, until } = realHarness();
    supervisor.start();
    const backend = await supervisor.whenReady(30_000);
    expect(backend).toMatchObject({ name: 'wasm', requested: 'wasm', requestedBy: 'setting' });
    supervisor.run('bench', { kind: 'benchmark', iterations: 2, size: 32 });
    await until(() => events.some(([, e]) => e.type === 'done' || e.type === 'failed'));
    const last = events.at(-1)?.[1];
    expect(last?.type).toBe('done');
    const result = BenchmarkResult.parse(last?.type === 'done' ? last.result : null);
    expect(result).toMatchObject({ backend: 'wasm', iterations: 2 });
    expect(result.gflopsPerSecond).toBeGreaterThan(0);
  });

  it('survives kill -9 mid-job: the job fails with the reason and a new trainer takes the next job', async () => {
    const { supervisor, events, until } = realHarness();
    supervisor.start();
    await supervisor.whenReady(30_000);
    const firstPid = supervisor.status().pid;
    supervisor.run('doomed', { kind: 'benchmark', iterations: 1000, size: 32 });
    await until(() => events.some(([, e]) => e.type === 'progress' && (e.progress.done ?? 0) >= 1));
    process.kill(firstPid ?? 0, 'SIGKILL');

    await until(() => events.some(([id, e]) => id === 'doomed' && e.type === 'failed'));
    expect(events.find(([, e]) => e.type === 'failed')?.[1]).toEqual({
      type: 'failed',
      error:
        'The trainer process stopped unexpectedly (killed by SIGKILL). Your last checkpoint is safe; start the job again.',
      crashed: true,
    });
    expect(supervisor.status()).toMatchObject({
      lastError: 'The trainer process stopped unexpectedly (killed by SIGKILL).',
    });
    expect(() => process.kill(firstPid ?? 0, 0)).toThrow();

    await supervisor.whenReady(30_000);
    expect(supervisor.status()).toMatchObject({ state: 'ready', restarts: 1 });
    expect(supervisor.status().pid).not.toBe(firstPid);
    supervisor.run('next', { kind: 'benchmark', iterations: 1, size: 32 });
    await until(() => events.some(([id, e]) => id === 'next' && e.type === 'done'));
  });

  it('cancels a running job between steps, and stop() leaves no process behind', async () => {
    const { supervisor, events, until } = realHarness();
    supervisor.start();
    await supervisor.whenReady(30_000);
    const pid = supervisor.status().pid ?? 0;
    supervisor.run('long', { kind: 'benchmark', iterations: 1000, size: 32 });
    await until(() => events.some(([, e]) => e.type === 'progress' && (e.progress.done ?? 0) >= 1));
    supervisor.cancel('long');
    await until(() => events.some(([, e]) => e.type === 'cancelled'));
    expect(supervisor.status().state).toBe('ready');
    await supervisor.stop();
    expect(supervisor.status().state).toBe('stopped');
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
