import { describe, expect, it } from 'vitest';
import type { TaskEvent } from './tasks/task-context.js';
import { TrainerJobQueue, type ExecuteTask } from './trainer-job-queue.js';
import type { BenchmarkTask, TrainerMessage, TrainerTask } from './trainer-protocol.js';

const task: BenchmarkTask = { kind: 'benchmark', iterations: 3, size: 32 };

const iterationsOf = (t: TrainerTask) => (t.kind === 'benchmark' ? t.iterations : 0);

/** A task that reports a step each macrotask until it has done `iterations` or is aborted. */
async function fakeTask(t: TrainerTask, emit: (e: TaskEvent) => void, signal: AbortSignal) {
  if (t.kind !== 'benchmark') throw new Error('the fake runs benchmark tasks only');
  for (let done = 1; done <= t.iterations; done++) {
    await new Promise((resolve) => setImmediate(resolve));
    signal.throwIfAborted();
    emit({ type: 'progress', progress: { fraction: done / t.iterations, message: `step ${done}`, done } });
  }
  return { steps: t.iterations };
}

function harness(execute: ExecuteTask = fakeTask) {
  const sent: TrainerMessage[] = [];
  const queue = new TrainerJobQueue({ execute, send: (m) => sent.push(m), throttle: { intervalMs: 0 } });
  const endings = () =>
    sent.flatMap((m) =>
      m.type === 'job' && m.event.type !== 'progress' ? [`${m.jobId}:${m.event.type}`] : [],
    );
  const until = async (predicate: () => boolean) => {
    while (!predicate()) await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, sent, endings, until };
}

describe('TrainerJobQueue', () => {
  it('holds jobs until started, then runs them one at a time in order', async () => {
    const order: string[] = [];
    const { queue, endings, until } = harness(async (t, emit, signal) => {
      order.push(`start ${iterationsOf(t)}`);
      const result = await fakeTask(t, emit, signal);
      order.push(`end ${iterationsOf(t)}`);
      return result;
    });
    queue.run('a', { ...task, iterations: 2 });
    queue.run('b', { ...task, iterations: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual([]);
    queue.start();
    await until(() => endings().length === 2);
    expect(order).toEqual(['start 2', 'end 2', 'start 1', 'end 1']);
    expect(endings()).toEqual(['a:done', 'b:done']);
  });

  it('sends progress and then the result as the final event', async () => {
    const { queue, sent, until } = harness();
    queue.start();
    queue.run('a', task);
    await until(() => sent.length === 4);
    expect(sent.map((m) => (m.type === 'job' ? m.event.type : m.type))).toEqual([
      'progress',
      'progress',
      'progress',
      'done',
    ]);
    expect(sent[3]).toEqual({ type: 'job', jobId: 'a', event: { type: 'done', result: { steps: 3 } } });
  });

  it('cancels a queued job at once and a running one at its next step', async () => {
    const { queue, sent, endings, until } = harness();
    queue.start();
    queue.run('a', { ...task, iterations: 1000 });
    queue.run('b', task);
    queue.cancel('b');
    await until(() => sent.some((m) => m.type === 'job' && m.event.type === 'progress'));
    queue.cancel('a');
    await until(() => endings().length === 2);
    expect(endings()).toEqual(['b:cancelled', 'a:cancelled']);
  });

  it('reports a task error as a failed job and goes on with the next', async () => {
    const { queue, sent, endings, until } = harness(async (t) => {
      if (iterationsOf(t) === 1) throw new Error('out of memory');
      return 'fine';
    });
    queue.start();
    queue.run('a', { ...task, iterations: 1 });
    queue.run('b', task);
    await until(() => endings().length === 2);
    expect(sent[0]).toEqual({ type: 'job', jobId: 'a', event: { type: 'failed', error: 'out of memory' } });
    expect(endings()).toEqual(['a:failed', 'b:done']);
  });

  it('ignores a duplicate job id, and on shutdown cancels everything and waits for the running job', async () => {
    const { queue, sent, endings, until } = harness();
    queue.start();
    queue.run('a', { ...task, iterations: 1000 });
    queue.run('a', task);
    queue.run('b', task);
    await until(() => sent.some((m) => m.type === 'job' && m.event.type === 'progress'));
    await queue.shutdown();
    expect(endings()).toEqual(['b:cancelled', 'a:cancelled']);
    expect(sent.find((m) => m.type === 'log')).toMatchObject({
      level: 'warn',
      message: 'Ignored a second request to run job a.',
    });
    queue.run('c', task);
    expect(endings()).toEqual(['b:cancelled', 'a:cancelled', 'c:failed']);
  });
});
