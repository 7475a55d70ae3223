import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4242;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  killed = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed += 1;
    return true;
  }
}

const fork = vi.fn();
vi.mock('electron', () => ({ utilityProcess: { fork } }));

const { createUtilityTrainerSpawner } = await import('./trainer-spawner.js');

describe('createUtilityTrainerSpawner', () => {
  let child: FakeUtilityProcess;

  beforeEach(() => {
    child = new FakeUtilityProcess();
    fork.mockReset().mockReturnValue(child);
  });

  it('forks the trainer entry as a named utility process with the extra environment', () => {
    createUtilityTrainerSpawner({ entry: '/app/out/main/training/trainer-process.js' })({
      GANVAS_BACKEND: 'wasm',
    });
    expect(fork).toHaveBeenCalledOnce();
    const [entry, args, options] = fork.mock.calls[0] as [string, string[], Record<string, unknown>];
    expect(entry).toBe('/app/out/main/training/trainer-process.js');
    expect(args).toEqual([]);
    expect(options).toMatchObject({ serviceName: 'Ganvas trainer', stdio: 'pipe' });
    expect(options.env).toMatchObject({ GANVAS_BACKEND: 'wasm', PATH: process.env.PATH });
  });

  it('adapts messages, pid and kill to a TrainerHandle', () => {
    const handle = createUtilityTrainerSpawner({ entry: 'trainer.js' })({});
    const received: unknown[] = [];
    handle.onMessage((message) => received.push(message));
    child.emit('message', { type: 'ready' });
    handle.send({ type: 'start', jobId: 'j1' });
    handle.kill();
    expect(handle.pid).toBe(4242);
    expect(received).toEqual([{ type: 'ready' }]);
    expect(child.posted).toEqual([{ type: 'start', jobId: 'j1' }]);
    expect(child.killed).toBe(1);
  });

  it('reports the exit once, to listeners added before and after it', async () => {
    const handle = createUtilityTrainerSpawner({ entry: 'trainer.js' })({});
    const before: unknown[] = [];
    handle.onExit((exit) => before.push(exit));
    child.emit('exit', 134);
    child.emit('exit', 134);
    const after = await new Promise((resolve) => handle.onExit(resolve));
    expect(before).toEqual([{ code: 134, signal: null }]);
    expect(after).toEqual({ code: 134, signal: null });
  });

  it('drops messages and kills once the process is gone', () => {
    const handle = createUtilityTrainerSpawner({ entry: 'trainer.js' })({});
    child.emit('exit', 0);
    expect(() => handle.send({ type: 'start' })).not.toThrow();
    handle.kill();
    expect(child.posted).toEqual([]);
    expect(child.killed).toBe(0);
  });

  it("forwards the trainer's output to the log line by line", async () => {
    const lines: string[] = [];
    createUtilityTrainerSpawner({ entry: 'trainer.js', log: (line) => lines.push(line) })({});
    child.stdout.write('backend: wasm\npartial');
    child.stdout.end(' line\n');
    child.stderr.end('warning: slow\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.sort()).toEqual([
      '[trainer] backend: wasm',
      '[trainer] partial line',
      '[trainer] warning: slow',
    ]);
  });
});
