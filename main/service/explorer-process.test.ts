import { describe, expect, it } from 'vitest';
import type { BackendInfo } from '../contract/index.js';
import type { TrainerExit, TrainerHandle } from '../training/trainer-handle.js';
import type { ParentMessage, TrainerJobEvent, TrainerTask } from '../training/trainer-protocol.js';
import { ExplorerProcess } from './explorer-process.js';

const backend: BackendInfo = {
  name: 'cpu',
  device: 'CPU',
  requested: 'cpu',
  requestedBy: 'setting',
  fallbacks: [],
  tfjsVersion: '4.22.0',
};

/** A trainer process played by the test: what it was sent, and a way to answer. */
class FakeProcess implements TrainerHandle {
  readonly pid = 1;
  readonly received: ParentMessage[] = [];
  private listeners: Array<(message: unknown) => void> = [];
  private exits: Array<(exit: TrainerExit) => void> = [];
  send(message: unknown): void {
    this.received.push(message as ParentMessage);
    if ((message as ParentMessage).type === 'shutdown')
      this.exits.forEach((f) => f({ code: 0, signal: null }));
  }
  onMessage(listener: (message: unknown) => void): void {
    this.listeners.push(listener);
  }
  onExit(listener: (exit: TrainerExit) => void): void {
    this.exits.push(listener);
  }
  kill(): void {
    this.exits.forEach((f) => f({ code: null, signal: 'SIGKILL' }));
  }
  say(jobId: string, event: TrainerJobEvent): void {
    this.listeners.forEach((f) => f({ type: 'job', jobId, event }));
  }
  ready(): void {
    this.listeners.forEach((f) => f({ type: 'ready', backend }));
  }
}

const task: TrainerTask = {
  kind: 'evaluate',
  projectRoot: '/p',
  runId: 'r',
  datasetId: 'd',
  domain: 'main',
  steps: [10],
  count: 64,
  seed: 0,
  useEma: true,
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ExplorerProcess jobs', () => {
  it('starts its process on first use and hands every event of a job to its listener, the final one last', async () => {
    let spawned: FakeProcess | null = null;
    const explorer = new ExplorerProcess({
      spawn: () => (spawned = new FakeProcess()),
      preference: () => 'cpu',
    });
    expect(spawned).toBeNull();
    const events: TrainerJobEvent[] = [];
    explorer.runJob('e1', task, (event) => events.push(event));
    const child = spawned as unknown as FakeProcess;
    child.ready();
    await settle();
    expect(child.received).toContainEqual({ type: 'run', jobId: 'e1', task });
    child.say('e1', { type: 'progress', progress: { fraction: 0.5, message: 'half' } });
    child.say('e1', { type: 'done', result: { steps: [10] } });
    // After the final event the job is forgotten.
    child.say('e1', { type: 'warning', message: 'late' });
    await settle();
    expect(events.map((e) => e.type)).toEqual(['progress', 'done']);
    explorer.runJob('e2', task, (event) => events.push(event));
    explorer.cancel('e2');
    await settle();
    expect(child.received).toContainEqual({ type: 'cancel', jobId: 'e2' });
    await explorer.stop();
  });
});
