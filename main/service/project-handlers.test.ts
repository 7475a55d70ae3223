import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../contract/index.js';
import { ProjectRegistry } from '../projects/project-registry.js';
import { projectHandlers } from './project-handlers.js';

async function setUp() {
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
  const handlers = projectHandlers({
    registry,
    projectsDir: join(base, 'Projects'),
    trashItem: async (path) => {
      trashed.push(path);
      const { rename } = await import('node:fs/promises');
      await rename(path, join(base, 'trash-' + trashed.length));
    },
  });
  return { base, registry, handlers, trashed, makeRegistry, changed };
}

describe('project handlers', () => {
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

  it('opens a project with a torn manifest and says it was rebuilt', async () => {
    const { handlers, registry } = await setUp();
    const project = await handlers['projects:create']({ name: 'Torn' });
    await handlers['projects:close']({ projectId: project.id });
    await writeFile(join(project.path, 'project.json'), '{"schemaVersion": 1, "na');
    const reopened = await registry.openFolder(project.path, false);
    expect(reopened.name).toBe('Torn');
    expect(reopened.issues[0]?.message).toMatch(/damaged/);
  });

  it('explains what is wrong with a folder that is not a project', async () => {
    const { handlers, base } = await setUp();
    await expect(handlers['projects:open']({ path: base, breakStaleLock: false })).rejects.toThrow(
      /not a Ganvas project/,
    );
    await expect(
      handlers['projects:open']({ path: join(base, 'nope'), breakStaleLock: false }),
    ).rejects.toThrow(/does not exist/);
  });

  it('renames the project and its folder, and duplicates it beside itself', async () => {
    const { handlers, base } = await setUp();
    const project = await handlers['projects:create']({ name: 'Draft' });
    const renamed = await handlers['projects:rename']({ projectId: project.id, name: 'Final' });
    expect(renamed).toMatchObject({ name: 'Final', path: join(base, 'Projects', 'Final.ganvas') });
    expect(existsSync(join(base, 'Projects', 'Draft.ganvas'))).toBe(false);
    const copy = await handlers['projects:duplicate']({ projectId: renamed.id, name: 'Final copy' });
    expect(copy.id).not.toBe(renamed.id);
    expect(await readdir(join(base, 'Projects'))).toEqual(['Final copy.ganvas', 'Final.ganvas']);
    expect(existsSync(join(copy.path, '.ganvas.lock'))).toBe(true); // its own lock, not a copied one
  });

  it('deletes to the trash and forgets the project', async () => {
    const { handlers, trashed } = await setUp();
    const project = await handlers['projects:create']({ name: 'Gone' });
    const result = await handlers['projects:delete']({ projectId: project.id, confirm: true });
    expect(result).toEqual({ path: project.path, trashed: true });
    expect(trashed).toEqual([project.path]);
    expect(await handlers['projects:recent']({})).toEqual([]);
  });

  it('makes the sample project on first use, with a DCGAN and a CycleGAN dataset, and reopens it later', async () => {
    const { handlers, registry } = await setUp();
    const sample = await handlers['projects:open-sample']({});
    expect(sample.isSample).toBe(true);
    expect(sample.datasets.map((d) => [d.name, d.kind, d.counts])).toEqual([
      ['Shapes', 'single', { main: { images: 240, excluded: 0, duplicates: 0, rejected: 0 } }],
      [
        'Shapes ↔ Textures',
        'paired',
        {
          A: { images: 240, excluded: 0, duplicates: 0, rejected: 0 },
          B: { images: 240, excluded: 0, duplicates: 0, rejected: 0 },
        },
      ],
    ]);
    await registry.close(sample.id);
    const again = await handlers['projects:open-sample']({});
    expect(again.id).toBe(sample.id);
  });
});
