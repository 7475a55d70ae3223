import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecentProjects } from './recent-projects.js';

async function setUp() {
  const base = await mkdtemp(join(tmpdir(), 'ganvas-recent-'));
  const dataDir = join(base, 'data', 'not-yet-made');
  const project = async (name: string) => {
    const path = join(base, `${name}.ganvas`);
    await mkdir(path, { recursive: true });
    await writeFile(join(path, 'project.json'), '{}');
    return { path, name, isSample: false };
  };
  return { base, dataDir, recent: new RecentProjects(dataDir), project };
}

describe('RecentProjects', () => {
  it('lists the most recently opened first, once each, in a file of its own', async () => {
    const { recent, project, dataDir } = await setUp();
    const [a, b] = [await project('A'), await project('B')];
    await recent.touch(a);
    await recent.touch(b);
    await recent.touch(a);
    const list = await recent.list();
    expect(list.map((entry) => entry.name)).toEqual(['A', 'B']);
    expect(list[0]).toMatchObject({ path: a.path, available: true, isSample: false });
    expect(list[0]?.lastOpenedAt).toBeGreaterThanOrEqual(list[1]?.lastOpenedAt ?? Infinity);
    const stored = JSON.parse(await readFile(join(dataDir, 'recent-projects.json'), 'utf8')) as unknown[];
    expect(stored).toHaveLength(2);
    expect(stored[0]).not.toHaveProperty('available'); // computed when read, never stored
  });

  it('keeps at most 20 entries', async () => {
    const { recent, project } = await setUp();
    for (let n = 0; n < 25; n++) await recent.touch(await project(`P${n}`));
    const list = await recent.list();
    expect(list).toHaveLength(20);
    expect(list[0]?.name).toBe('P24');
    expect(list.at(-1)?.name).toBe('P5');
  });

  it('marks a moved or deleted project unavailable until it is forgotten', async () => {
    const { recent, project } = await setUp();
    const [a, b] = [await project('A'), await project('B')];
    await recent.touch(a);
    await recent.touch(b);
    await rm(a.path, { recursive: true });
    expect((await recent.list()).map((entry) => [entry.name, entry.available])).toEqual([
      ['B', true],
      ['A', false],
    ]);
    expect((await recent.forget(a.path)).map((entry) => entry.name)).toEqual(['B']);
  });

  it('follows a rename, keeping its place in the list', async () => {
    const { recent, project } = await setUp();
    const [a, b] = [await project('A'), await project('B')];
    await recent.touch(a);
    await recent.touch(b);
    const renamed = await project('A2');
    await recent.replace(a.path, renamed);
    expect((await recent.list()).map((entry) => entry.name)).toEqual(['B', 'A2']);
  });

  it('starts afresh from a damaged list instead of failing', async () => {
    const { recent, project, dataDir } = await setUp();
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'recent-projects.json'), '[{"path": "/x", "na');
    expect(await recent.list()).toEqual([]);
    await recent.touch(await project('A'));
    expect((await recent.list()).map((entry) => entry.name)).toEqual(['A']);
  });
});
