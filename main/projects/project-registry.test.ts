import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Project } from '../contract/index.js';
import { seededRandom } from '../random/seeded-random.js';
import { lockFile } from './project-lock.js';
import { ProjectRegistry } from './project-registry.js';

async function setUp() {
  const base = await mkdtemp(join(tmpdir(), 'ganvas-registry-'));
  const changed: Project[] = [];
  const registry = new ProjectRegistry({
    dataDir: join(base, 'data'),
    onChanged: (project) => changed.push(project),
    appLabel: 'Ganvas test',
  });
  return { base, registry, changed };
}

const rewriter = fileURLToPath(new URL('./test-support/rewrite-manifest-forever.ts', import.meta.url));

describe('ProjectRegistry', () => {
  it('opens every time after a process writing project.json is killed at random moments', async () => {
    const { base, registry } = await setUp();
    const created = await registry.create('Moths', base);
    await registry.close(created.id);
    const random = seededRandom(42);
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', rewriter, created.path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, random() * 40));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const project = await registry.openFolder(created.path, false);
      expect(project).toMatchObject({ id: created.id, issues: [] });
      expect(project.name).toMatch(/^Generation \d+$/);
      // Interrupted saves leave temp files; opening (under the lock) clears them.
      expect((await readdir(created.path)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      await registry.close(created.id);
    }
  });

  it('opens a project from its folder or its project.json, and joins a second open under way', async () => {
    const { base, registry } = await setUp();
    const created = await registry.create('Moths', base);
    await registry.close(created.id);
    const [first, second] = await Promise.all([
      registry.openFolder(created.path, false),
      registry.openFolder(join(created.path, 'project.json'), false),
    ]);
    expect(first.id).toBe(created.id);
    expect(second.id).toBe(created.id);
    await registry.closeAll();
  });

  it('explains a folder that holds projects instead of being one', async () => {
    const { base, registry } = await setUp();
    await registry.create('Moths', join(base, 'Projects'));
    await expect(registry.openFolder(join(base, 'Projects'), false)).rejects.toThrow(
      /is not a Ganvas project \(it has no project\.json\)\. It contains a project \(Moths\.ganvas\): open that instead/,
    );
  });

  it('gives a copy made outside Ganvas its own id when both are open', async () => {
    const { base, registry } = await setUp();
    const original = await registry.create('Moths', base);
    await cp(original.path, join(base, 'Moths copy.ganvas'), {
      recursive: true,
      filter: (source) => !source.endsWith(lockFile),
    });
    const copy = await registry.openFolder(join(base, 'Moths copy.ganvas'), false);
    expect(copy.id).not.toBe(original.id);
    expect(registry.root(original.id)).toBe(original.path);
    expect(registry.root(copy.id)).toBe(copy.path);
  });

  it('re-reads a project on changed() and tells the listener', async () => {
    const { base, registry, changed } = await setUp();
    const project = await registry.create('Moths', base);
    await writeFile(
      join(project.path, 'project.json'),
      JSON.stringify({ ...registry.manifestOf(project.id), name: 'Moths (edited by hand)' }),
    );
    const again = await registry.changed(project.id);
    expect(again.name).toBe('Moths (edited by hand)');
    expect(changed).toEqual([again]);
  });

  it('keeps the id of an open project whose project.json is damaged under it', async () => {
    const { base, registry } = await setUp();
    const project = await registry.create('Moths', base);
    await writeFile(join(project.path, 'project.json'), '{"sch');
    await writeFile(join(project.path, '.project.json.bak'), '{"sch');
    const again = await registry.get(project.id);
    expect(again).toMatchObject({ id: project.id, name: 'Moths' });
    expect(again.issues[0]?.message).toMatch(/rebuilt it from what the open project knew/);
    expect(registry.manifestOf(project.id).id).toBe(project.id);
  });

  it('resolves files only inside open projects', async () => {
    const { base, registry } = await setUp();
    const project = await registry.create('Moths', base);
    await mkdir(join(project.path, 'datasets', 'd1', 'thumbs'), { recursive: true });
    await writeFile(join(project.path, 'datasets', 'd1', 'thumbs', 'a.webp'), 'webp');
    await writeFile(join(base, 'secret.txt'), 'secret');
    await symlink(join(base, 'secret.txt'), join(project.path, 'datasets', 'd1', 'thumbs', 'link.webp'));

    expect(await registry.resolveFile(project.id, 'datasets/d1/thumbs/a.webp')).toBe(
      join(project.path, 'datasets', 'd1', 'thumbs', 'a.webp'),
    );
    for (const escape of ['../secret.txt', 'datasets/../../secret.txt', join(base, 'secret.txt')]) {
      expect(await registry.resolveFile(project.id, escape)).toBeNull();
    }
    expect(await registry.resolveFile(project.id, 'datasets/d1/thumbs/link.webp')).toBeNull();
    expect(await registry.resolveFile('not-open', 'datasets/d1/thumbs/a.webp')).toBeNull();
    await registry.close(project.id);
    expect(await registry.resolveFile(project.id, 'datasets/d1/thumbs/a.webp')).toBeNull();
  });

  it('holds the lock while open and releases it on close and closeAll', async () => {
    const { base, registry } = await setUp();
    const a = await registry.create('A', base);
    const b = await registry.create('B', base);
    expect((await readdir(a.path)).includes(lockFile)).toBe(true);
    await registry.close(a.id);
    expect((await readdir(a.path)).includes(lockFile)).toBe(false);
    await registry.closeAll();
    expect((await readdir(b.path)).includes(lockFile)).toBe(false);
    await expect(registry.get(b.id)).rejects.toMatchObject({ code: 'not-found' });
  });
});
