import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { connectToParent } from './parent-channel.js';

/** Just enough of `process` for each way the trainer can be started. */
function fakeProcess(extra: Record<string, unknown>) {
  const emitter = Object.assign(new EventEmitter(), extra);
  return { emitter, proc: emitter as unknown as NodeJS.Process };
}

describe('connectToParent', () => {
  it("uses Electron's parentPort when there is one, unwrapping event.data", () => {
    const port = new EventEmitter() as EventEmitter & {
      postMessage: (m: unknown) => void;
      posted: unknown[];
    };
    port.posted = [];
    port.postMessage = (message) => port.posted.push(message);
    const channel = connectToParent(fakeProcess({ parentPort: port, send: () => true }).proc);
    expect(channel?.kind).toBe('electron-utility');
    const received: unknown[] = [];
    channel?.onMessage((message) => received.push(message));
    port.emit('message', { data: { type: 'shutdown' } });
    channel?.send({ type: 'log' });
    expect(received).toEqual([{ type: 'shutdown' }]);
    expect(port.posted).toEqual([{ type: 'log' }]);
  });

  it('uses process.send and message events under child_process.fork, and flushes what it sent', async () => {
    const sent: unknown[] = [];
    const callbacks: Array<() => void> = [];
    const { emitter, proc } = fakeProcess({
      connected: true,
      send: (message: unknown, _handle: unknown, _options: unknown, callback: () => void) => {
        sent.push(message);
        callbacks.push(callback);
        return true;
      },
    });
    const channel = connectToParent(proc);
    expect(channel?.kind).toBe('node-fork');
    const received: unknown[] = [];
    channel?.onMessage((message) => received.push(message));
    emitter.emit('message', { type: 'cancel', jobId: 'a' });
    expect(received).toEqual([{ type: 'cancel', jobId: 'a' }]);

    channel?.send({ type: 'fatal', message: 'x' });
    let flushed = false;
    const flushing = channel?.flush().then(() => (flushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(false);
    for (const callback of callbacks) callback();
    await flushing;
    expect(flushed).toBe(true);
    expect(sent).toEqual([{ type: 'fatal', message: 'x' }]);
  });

  it('finds no parent in a process started by hand', () => {
    expect(connectToParent(fakeProcess({}).proc)).toBeNull();
  });
});
