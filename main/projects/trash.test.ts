import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moveToTrash } from './trash.js';

async function setUp() {
  const base = await mkdtemp(join(tmpdir(), 'ganvas-trash-'));
  const project = async (name: string) => {
    const path = join(base, 'Projects', name);
    await mkdir(join(path, 'datasets'), { recursive: true });
    await writeFile(join(path, 'project.json'), '{"name": "kept"}');
    return path;
  };
  return { base, project, dataHome: join(base, 'xdg-data') };
}

describe('moveToTrash', () => {
  it('moves a folder to the freedesktop trash with an info file a file manager can restore from', async () => {
    const { project, dataHome } = await setUp();
    const path = await project('Night #1 (moths).ganvas');
    const before = Date.now();
    expect(await moveToTrash(path, { platform: 'linux', env: { XDG_DATA_HOME: dataHome } })).toBe(true);

    expect(existsSync(path)).toBe(false);
    const trashed = join(dataHome, 'Trash', 'files', 'Night #1 (moths).ganvas');
    expect(await readFile(join(trashed, 'project.json'), 'utf8')).toBe('{"name": "kept"}');
    const info = await readFile(join(dataHome, 'Trash', 'info', 'Night #1 (moths).ganvas.trashinfo'), 'utf8');
    const [header, pathLine, dateLine] = info.trim().split('\n');
    expect(header).toBe('[Trash Info]');
    expect(pathLine).toBe(`Path=${path.split('/').map(encodeURIComponent).join('/')}`);
    expect(decodeURIComponent(pathLine?.slice('Path='.length) ?? '')).toBe(path);
    const deletedAt = new Date(dateLine?.slice('DeletionDate='.length) ?? '').getTime(); // local time
    expect(deletedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(deletedAt).toBeLessThanOrEqual(Date.now());
  });

  it('never overwrites what is already in the trash: a second item of the same name gets a number', async () => {
    const { project, dataHome } = await setUp();
    const env = { XDG_DATA_HOME: dataHome };
    await moveToTrash(await project('Moths.ganvas'), { platform: 'linux', env });
    await moveToTrash(await project('Moths.ganvas'), { platform: 'linux', env });
    await moveToTrash(await project('Moths.ganvas'), { platform: 'linux', env });
    expect((await readdir(join(dataHome, 'Trash', 'files'))).sort()).toEqual([
      'Moths 2.ganvas',
      'Moths 3.ganvas',
      'Moths.ganvas',
    ]);
    expect((await readdir(join(dataHome, 'Trash', 'info'))).sort()).toEqual([
      'Moths 2.ganvas.trashinfo',
      'Moths 3.ganvas.trashinfo',
      'Moths.ganvas.trashinfo',
    ]);
  });

  it('uses ~/.local/share/Trash when XDG_DATA_HOME is not set', async () => {
    const { base, project } = await setUp();
    const path = await project('Moths.ganvas');
    await moveToTrash(path, { platform: 'linux', env: {}, home: join(base, 'home') });
    expect(existsSync(join(base, 'home', '.local', 'share', 'Trash', 'files', 'Moths.ganvas'))).toBe(true);
  });

  it('uses ~/.Trash on macOS', async () => {
    const { base, project } = await setUp();
    const home = join(base, 'home');
    await moveToTrash(await project('Moths.ganvas'), { platform: 'darwin', home });
    await moveToTrash(await project('Moths.ganvas'), { platform: 'darwin', home });
    expect((await readdir(join(home, '.Trash'))).sort()).toEqual(['Moths 2.ganvas', 'Moths.ganvas']);
  });

  it('reports that there is no trash on Windows outside Electron, and leaves the folder alone', async () => {
    const { project } = await setUp();
    const path = await project('Moths.ganvas');
    expect(await moveToTrash(path, { platform: 'win32' })).toBe(false);
    expect(existsSync(path)).toBe(true);
  });

  it('fails without leaving an info file when the item cannot be moved', async () => {
    const { base, dataHome } = await setUp();
    await expect(
      moveToTrash(join(base, 'missing.ganvas'), { platform: 'linux', env: { XDG_DATA_HOME: dataHome } }),
    ).rejects.toThrow(/ENOENT/);
    expect(await readdir(join(dataHome, 'Trash', 'info'))).toEqual([]);
  });
});
