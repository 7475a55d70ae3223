import { describe, expect, it } from 'vitest';
import { desktopFiles, findBridge, type GanvasBridge } from './ganvas-bridge.js';
import { ServiceCallError } from './service-call-error.js';

const base: GanvasBridge = {
  invoke: async () => ({ ok: true, value: null }),
  on: () => () => undefined,
};

describe('desktopFiles', () => {
  it('is null in browser mode and with an older preload', () => {
    expect(desktopFiles(undefined)).toBeNull();
    expect(desktopFiles(base)).toBeNull();
    expect(desktopFiles({ ...base, pathForFile: () => '/x' })).toBeNull();
  });

  it('returns the picked paths, keeping only strings', async () => {
    const files = desktopFiles({
      ...base,
      pathForFile: (file) => `/dropped/${file.name}`,
      pickPaths: async () => ({ ok: true, value: ['/home/me/Moths', 42] }),
    });
    expect(files?.pathForFile(new File([], 'a.png'))).toBe('/dropped/a.png');
    expect(await files?.pickPaths({ directories: true, multiple: false })).toEqual(['/home/me/Moths']);
  });

  it('offers the save dialog when the preload has it: the chosen path, or null when cancelled', async () => {
    const withSave = (value: unknown) =>
      desktopFiles({
        ...base,
        pathForFile: () => '',
        pickPaths: async () => ({ ok: true, value: [] }),
        pickSavePath: async () => ({ ok: true, value }),
      });
    expect(await withSave('/home/me/loop.mp4')?.pickSavePath?.('loop.mp4')).toBe('/home/me/loop.mp4');
    expect(await withSave(null)?.pickSavePath?.('loop.mp4')).toBeNull();
    const older = desktopFiles({
      ...base,
      pathForFile: () => '',
      pickPaths: async () => ({ ok: true, value: [] }),
    });
    expect(older?.pickSavePath).toBeUndefined();
  });

  it('throws the refusal as a ServiceCallError with its message', async () => {
    const files = desktopFiles({
      ...base,
      pathForFile: () => '',
      pickPaths: async () => ({
        ok: false,
        error: { code: 'internal', message: 'The open dialog could not be shown.' },
      }),
    });
    await expect(files?.pickPaths({ directories: false, multiple: true })).rejects.toEqual(
      new ServiceCallError('dialog', 'internal', 'The open dialog could not be shown.'),
    );
  });
});

describe('findBridge', () => {
  it('finds only a bridge with invoke and on', () => {
    expect(findBridge({ ganvas: base })).toBe(base);
    expect(findBridge({ ganvas: { invoke: () => undefined } })).toBeUndefined();
    expect(findBridge({})).toBeUndefined();
  });
});
