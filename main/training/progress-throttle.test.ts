import { describe, expect, it } from 'vitest';
import { ProgressThrottle } from './progress-throttle.js';
import type { TrainerJobEvent } from './trainer-protocol.js';

function harness() {
  let now = 0;
  const sent: TrainerJobEvent[] = [];
  const timers: Array<{ at: number; run: () => void; cleared: boolean }> = [];
  const throttle = new ProgressThrottle((event) => sent.push(event), {
    intervalMs: 250,
    clock: () => now,
    setTimer: (run, ms) => {
      const timer = { at: now + ms, run, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers.splice(0)) {
      if (timer.cleared) continue;
      if (timer.at <= now) timer.run();
      else timers.push(timer);
    }
  };
  const progress = (done: number): TrainerJobEvent => ({
    type: 'progress',
    progress: { fraction: done / 100, message: `step ${done}`, done, total: 100 },
  });
  const dones = () => sent.map((e) => (e.type === 'progress' ? e.progress.done : e.type));
  return { throttle, sent, advance, progress, dones };
}

describe('ProgressThrottle', () => {
  it('sends at most four progress events a second, and the latest one at the end of each interval', () => {
    const { throttle, advance, progress, dones } = harness();
    for (let step = 1; step <= 100; step++) {
      throttle.push(progress(step));
      advance(10);
    }
    // 1 s of steps every 10 ms: the first at once, then the latest one every 250 ms.
    expect(dones()).toEqual([1, 25, 50, 75, 100]);
    advance(1000);
    expect(dones()).toEqual([1, 25, 50, 75, 100]);
  });

  it('flushes the latest progress before the final event, which is never held back', () => {
    const { throttle, progress, dones, advance } = harness();
    throttle.push(progress(1));
    throttle.push(progress(2));
    throttle.push(progress(3));
    throttle.push({ type: 'done', result: { ok: true } });
    expect(dones()).toEqual([1, 3, 'done']);
    advance(1000);
    expect(dones()).toEqual([1, 3, 'done']);
  });

  it('passes warnings straight through and sends nothing after the end', () => {
    const { throttle, progress, dones } = harness();
    throttle.push(progress(1));
    throttle.push({ type: 'warning', message: 'slow' });
    throttle.push({ type: 'cancelled' });
    throttle.push(progress(2));
    throttle.push({ type: 'failed', error: 'late' });
    expect(dones()).toEqual([1, 'warning', 'cancelled']);
  });
});
