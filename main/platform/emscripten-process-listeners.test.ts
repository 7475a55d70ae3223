import { describe, expect, it } from 'vitest';
import { withoutAddedProcessListeners } from './emscripten-process-listeners.js';

describe('withoutAddedProcessListeners', () => {
  it('removes the listeners a load added, keeps the ones there before, and returns its result', async () => {
    const mine = () => undefined;
    process.on('uncaughtException', mine);
    const exceptionsBefore = process.listeners('uncaughtException').length;
    const rejectionsBefore = process.listeners('unhandledRejection').length;
    const result = await withoutAddedProcessListeners(async () => {
      process.on('uncaughtException', (error) => {
        throw error;
      });
      process.on('unhandledRejection', (reason) => {
        throw reason;
      });
      return 42;
    });
    expect(result).toBe(42);
    expect(process.listeners('uncaughtException')).toContain(mine);
    expect(process.listeners('uncaughtException').length).toBe(exceptionsBefore);
    expect(process.listeners('unhandledRejection').length).toBe(rejectionsBefore);
    process.off('uncaughtException', mine);
  });

  it('removes them when the load fails too', async () => {
    const before = process.listeners('uncaughtException').length;
    await expect(
      withoutAddedProcessListeners(() => {
        process.on('uncaughtException', () => undefined);
        throw new Error('no module');
      }),
    ).rejects.toThrow('no module');
    expect(process.listeners('uncaughtException').length).toBe(before);
  });
});
