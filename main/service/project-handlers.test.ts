import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Project } from '../contract/index.js';
import { ProjectRegistry } from '../projects/project-registry.js';
import { projectHandlers } from './project-handlers.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

async function setUp(options: { trash?: 'fake' | 'system' | 'broken' } = {}) {
  const base = await mkdtemp(join(tmpdir(), 'ganvas-projects-'));
  const changed: Project[] = [];
  const makeRegistry = () =>
    new ProjectRegistry({
      dataDir: join(base, 'data'),
      onChanged: (p) => changed.push(p),
      appLabel: 'Ganvas test',
    });
  const registry = makeRegistry();
  const trashed: string[] = [];
  const trash = options.trash ?? 'fake';
  const handlers = projectHandlers({
    registry,
    projectsDir: join(base, 'Projects'),
    ...(trash === 'system'
      ? {}
      : {
          trashItem: async (path: string) => {
            if (trash === 'broken') throw new Error('the trash is full');
            trashed.push(path);
            await rename(path, join(base, 'trash-' + trashed.length));
          },
        }),
  });
  return { base, registry, handlers, trashed, makeRegistry, changed };
}

/** Every string value in every JSON file under a folder. */
async function jsonStrings(folder: string): Promise<string[]> {
  const strings: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) {
      visit(JSON.parse(await readFile(join(entry.parentPath, entry.name), 'utf8')));
    }
  }
  return strings;
}

describe('project handlers', () => {
  it('tells where new projects go when no folder is given', async () => {
    const { handlers, base } = await setUp();
    expect(await handlers['projects:default-location']({})).toEqual({ path: join(base, 'Projects') });
  });

  it('creates a project folder with a manifest and lists it as recent', async () => {
    const { handlers, base } = await setUp();
    const project = await handlers['projects:create']({ name: 'Moths' });
    expect(project).toMatchObject({
      name: 'Moths',
      path: join(base, 'Projects', 'Moths.ganvas'),
      datasets: [],
      issues: [],
    });
    expect(existsSync(join(project.path, 'project.json'))).toBe(true);
    expect((await handlers['projects:recent']({}))[0]).toMatchObject({ name: 'Moths', available: true });
    await expect(handlers['projects:create']({ name: 'Moths' })).rejects.toThrow(/already exists/);
  });

  it('creates in a chosen folder, and never reuses a folder that is already there', async () => {
    const { handlers, base } = await setUp();
    const elsewhere = join(base, 'Art', 'Night');
    const project = await handlers['projects:create']({ name: 'Moths', parentDir: elsewhere });
    expect(project.path).toBe(join(elsewhere, 'Moths.ganvas'));
    await mkdir(join(elsewhere, 'Birds.ganvas'));
    await writeFile(join(elsewhere, 'Birds.ganvas', 'notes.txt'), 'mine');
    await expect(handlers['projects:create']({ name: 'Birds', parentDir: elsewhere })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already exists\. Choose another name, or open it instead/),
    });
    expect(await readdir(join(elsewhere, 'Birds.ganvas'))).toEqual(['notes.txt']);
  });

  it('refuses a second window on the same project until the first closes it', async () => {
    const { handlers, makeRegistry } = await setUp();
    const project = await handlers['projects:create']({ name: 'Shared' });
    const other = makeRegistry();
    await expect(other.openFolder(project.path, true)).rejects.toThrow(/open in another Ganvas window/);
    await handlers['projects:close']({ projectId: project.id });
    const reopened = await other.openFolder(project.path, false);
    expect(reopened.id).toBe(project.id);
    await other.closeAll();
  });

  it('opens a project with a torn manifest and says what it did', async () => {
    const { handlers, registry } = await setUp();
    const project = await handlers['projects:create']({ name: 'Torn' });
    await handlers['projects:close']({ projectId: project.id });
    await writeFile(join(project.path, 'project.json'), '{"schemaVersion": 1, "na');
    const reopened = await registry.openFolder(project.path, false);
    expect(reopened).toMatchObject({ id: project.id, name: 'Torn' });
    expect(reopened.issues[0]?.message).toMatch(/damaged.*restored it from its backup/);
  });

  it('explains what is wrong with a folder that is not a project, a missing one, and a newer one', async () => {
    const { handlers, base } = await setUp();
    await expect(handlers['projects:open']({ path: base, breakStaleLock: false })).rejects.toThrow(
      /not a Ganvas project/,
    );
    await expect(
      handlers['projects:open']({ path: join(base, 'nope'), breakStaleLock: false }),
    ).rejects.toThrow(/does not exist/);
    const future = join(base, 'Future.ganvas');
    await mkdir(future);
    await writeFile(join(future, 'project.json'), JSON.stringify({ schemaVersion: 2, id: 'f' }));
    await expect(handlers['projects:open']({ path: future, breakStaleLock: false })).rejects.toThrow(
      /newer Ganvas.*Update Ganvas to open it/,
    );
    expect(existsSync(join(future, '.ganvas.lock'))).toBe(false);
  });

  it('renames the project and its folder, and refuses a name that is taken', async () => {
    const { handlers, base } = await setUp();
    const project = await handlers['projects:create']({ name: 'Draft' });
    await handlers['projects:create']({ name: 'Taken' });
    await expect(handlers['projects:rename']({ projectId: project.id, name: 'Taken' })).rejects.toMatchObject(
      {
        code: 'conflict',
        message: expect.stringMatching(/Taken\.ganvas already exists/),
      },
    );
    const renamed = await handlers['projects:rename']({ projectId: project.id, name: 'Final' });
    expect(renamed).toMatchObject({
      id: project.id,
      name: 'Final',
      path: join(base, 'Projects', 'Final.ganvas'),
    });
    expect(existsSync(join(base, 'Projects', 'Draft.ganvas'))).toBe(false);
    expect(JSON.parse(await readFile(join(renamed.path, 'project.json'), 'utf8'))).toMatchObject({
      name: 'Final',
    });
    const recent = await handlers['projects:recent']({});
    expect(recent.map((entry) => entry.name).sort()).toEqual(['Final', 'Taken']);
  });

  it('renames a project in a folder named otherwise without renaming the folder', async () => {
    const { handlers, registry, base } = await setUp();
    const project = await handlers['projects:create']({ name: 'Moths' });
    await handlers['projects:close']({ projectId: project.id });
    const folder = join(base, 'my moth work');
    await rename(project.path, folder);
    const opened = await registry.openFolder(folder, false);
    const renamed = await handlers['projects:rename']({ projectId: opened.id, name: 'Night moths' });
    expect(renamed).toMatchObject({ name: 'Night moths', path: folder });
  });

  it('duplicates a project beside itself with a new id, without its lock or upload staging', async () => {
    const { handlers, base, registry } = await setUp();
    const project = await handlers['projects:create']({ name: 'Final' });
    await mkdir(join(project.path, '.uploads', 'u1'), { recursive: true });
    await mkdir(join(project.path, 'datasets', 'd1'), { recursive: true });
    await writeFile(join(project.path, 'datasets', 'd1', 'notes.txt'), 'kept');
    const copy = await handlers['projects:duplicate']({ projectId: project.id, name: 'Final copy' });
    expect(copy).toMatchObject({ name: 'Final copy', path: join(base, 'Projects', 'Final copy.ganvas') });
    expect(copy.id).not.toBe(project.id);
    expect(registry.isOpen(project.id) && registry.isOpen(copy.id)).toBe(true);
    expect(await readdir(join(base, 'Projects'))).toEqual(['Final copy.ganvas', 'Final.ganvas']);
    expect(await readFile(join(copy.path, 'datasets', 'd1', 'notes.txt'), 'utf8')).toBe('kept');
    expect(existsSync(join(copy.path, '.uploads'))).toBe(false);
    const lock = JSON.parse(await readFile(join(copy.path, '.ganvas.lock'), 'utf8')) as { app: string };
    expect(lock.app).toBe('Ganvas test'); // its own lock, taken on opening, not a copied one
    await expect(
      handlers['projects:duplicate']({ projectId: project.id, name: 'Final copy' }),
    ).rejects.toThrow(/already exists/);
  });

  it('deletes to the trash and forgets the project', async () => {
    const { handlers, trashed, registry } = await setUp();
    const project = await handlers['projects:create']({ name: 'Gone' });
    const result = await handlers['projects:delete']({ projectId: project.id, confirm: true });
    expect(result).toEqual({ path: project.path, trashed: true });
    expect(trashed).toEqual([project.path]);
    expect(registry.isOpen(project.id)).toBe(false);
    expect(await handlers['projects:recent']({})).toEqual([]);
  });

  it('deletes to the freedesktop trash where the shell gives no trash', async () => {
    const { handlers, base } = await setUp({ trash: 'system' });
    const dataHome = join(base, 'xdg-data');
    vi.stubEnv('XDG_DATA_HOME', dataHome);
    const project = await handlers['projects:create']({ name: 'Gone' });
    const result = await handlers['projects:delete']({ projectId: project.id, confirm: true });
    expect(result).toEqual({ path: project.path, trashed: process.platform !== 'win32' });
    if (process.platform === 'linux') {
      const inTrash = join(dataHome, 'Trash', 'files', 'Gone.ganvas');
      expect(existsSync(join(inTrash, 'project.json'))).toBe(true);
      expect(existsSync(join(inTrash, '.ganvas.lock'))).toBe(false); // closed before it went
    }
  });

  it('keeps the project, open, when the trash refuses it', async () => {
    const { handlers, registry } = await setUp({ trash: 'broken' });
    const project = await handlers['projects:create']({ name: 'Kept' });
    await expect(handlers['projects:delete']({ projectId: project.id, confirm: true })).rejects.toThrow(
      /Could not move .* to the trash \(the trash is full\); nothing was deleted/,
    );
    expect(existsSync(join(project.path, 'project.json'))).toBe(true);
    expect(registry.isOpen(project.id)).toBe(true);
  });

  it('forgets a recent project without touching its folder', async () => {
    const { handlers } = await setUp();
    const project = await handlers['projects:create']({ name: 'Moths' });
    expect(await handlers['projects:forget']({ path: project.path })).toEqual([]);
    expect(existsSync(project.path)).toBe(true);
  });

  it('makes the sample project on first use, with a DCGAN and a CycleGAN dataset, and reopens it later', async () => {
    const { handlers, registry, base } = await setUp();
    // A sample half-made by a process that was killed: cleared away, never opened.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid ?? 999_999;
    const abandoned = join(base, 'Projects', `.Sample Project.${deadPid}.0badc0de.building`);
    await mkdir(abandoned, { recursive: true });

    const started = performance.now();
    const sample = await handlers['projects:open-sample']({});
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(30);
    expect(sample).toMatchObject({
      name: 'Sample Project',
      isSample: true,
      issues: [],
      path: join(base, 'Projects', 'Sample Project.ganvas'),
    });
    const images = { images: 240, excluded: 0, duplicates: 0, rejected: 0 };
    expect(sample.datasets.map((d) => [d.name, d.kind, d.resolution, d.counts])).toEqual([
      ['Shapes', 'single', 64, { main: images }],
      ['Shapes ↔ Textures', 'paired', 64, { A: images, B: images }],
    ]);
    expect(await readdir(join(base, 'Projects'))).toEqual(['Sample Project.ganvas']);
    // Whole and movable: nothing inside names where it was built.
    const strings = await jsonStrings(sample.path);
    expect(strings.filter((value) => value.includes(base) || value.includes('.building'))).toEqual([]);

    await registry.close(sample.id);
    const again = await handlers['projects:open-sample']({});
    expect(again.id).toBe(sample.id);

    await handlers['projects:delete']({ projectId: again.id, confirm: true });
    const remade = await handlers['projects:open-sample']({});
    expect(remade.id).not.toBe(sample.id);
    expect(remade.datasets).toHaveLength(2);
  });
});
