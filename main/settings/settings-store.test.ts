import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from './settings-store.js';

async function freshDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ganvas-settings-'));
}

describe('SettingsStore', () => {
  it('starts from defaults and persists updates', async () => {
    const dir = await freshDir();
    const store = await SettingsStore.open(dir);
    expect(store.get()).toEqual({ backend: 'auto', theme: 'system' });
    await store.update({ backend: 'wasm' });
    const reopened = await SettingsStore.open(dir);
    expect(reopened.get().backend).toBe('wasm');
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ backend: 'wasm' });
  });

  it('survives a torn settings file and says why', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'settings.json'), '{"backend": "wa');
    const store = await SettingsStore.open(dir);
    expect(store.get().backend).toBe('auto');
    expect(store.loadProblem).toMatch(/not valid JSON/);
  });

  it('rejects an invalid value without changing anything', async () => {
    const store = await SettingsStore.open(await freshDir());
    await expect(store.update({ theme: 'neon' as never })).rejects.toThrow();
    expect(store.get().theme).toBe('system');
  });
});
