import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, opendir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkSources } from './walk-sources.js';

async function tree(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ganvas-walk-'));
  await mkdir(join(root, 'a', 'deep'), { recursive: true });
  await writeFile(join(root, 'a', 'one.png'), '1');
  await writeFile(join(root, 'a', 'deep', 'two.png'), '2');
  await writeFile(join(root, 'a', '.DS_Store'), 'x');
  await writeFile(join(root, 'a', '.hidden.png'), 'x');
  await writeFile(join(root, 'a', 'Thumbs.db'), 'x');
  return root;
}

const relative = (root: string, paths: Array<{ path: string }>) =>
  paths.map((each) => each.path.slice(root.length));

describe('walkSources', () => {
  it('finds files recursively, in a stable order, and skips dotfiles and clutter silently', async () => {
    const root = await tree();
    const { files, problems } = await walkSources([join(root, 'a')]);
    expect(relative(root, files)).toEqual(['/a/deep/two.png', '/a/one.png']);
    expect(files[1]?.size).toBe(1);
    expect(problems).toEqual([]);
  });

  it('reports a symlink loop instead of following it forever', async () => {
    const root = await tree();
    await symlink(join(root, 'a'), join(root, 'a', 'deep', 'back-to-a'));
    const { files, problems } = await walkSources([join(root, 'a')]);
    expect(files).toHaveLength(2);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'symlink-loop', path: join(root, 'a', 'deep', 'back-to-a') }),
    ]);
  });

  it('reports a link that points at itself', async () => {
    const root = await tree();
    await symlink(join(root, 'a', 'self'), join(root, 'a', 'self'));
    const { problems } = await walkSources([join(root, 'a')]);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'symlink-loop', path: join(root, 'a', 'self') }),
    ]);
  });

  it('reads a folder reached twice through links once, without calling it a loop', async () => {
    const root = await tree();
    await symlink(join(root, 'a', 'deep'), join(root, 'a', 'also-deep'));
    const { files, problems } = await walkSources([join(root, 'a'), join(root, 'a', 'deep')]);
    expect(files).toHaveLength(2);
    expect(problems).toEqual([]);
  });

  it('reports an unreadable folder (even for root: opendir injected) and goes on with the rest', async () => {
    const root = await tree();
    const { files, problems } = await walkSources([join(root, 'a')], {
      opendir: async (path) => {
        if (path.endsWith('deep')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
        return opendir(path);
      },
    });
    expect(files.map((f) => f.path)).toEqual([join(root, 'a', 'one.png')]);
    expect(problems).toEqual([
      {
        path: join(root, 'a', 'deep'),
        kind: 'unreadable',
        reason: 'folder cannot be read (EACCES); check its permissions',
      },
    ]);
  });

  it('reports a path that does not exist, and a pipe that is not a file', async () => {
    const root = await tree();
    execFileSync('mkfifo', [join(root, 'a', 'pipe')]);
    const { problems } = await walkSources(['/no/such/folder', join(root, 'a')]);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'unreadable', reason: expect.stringMatching(/does not exist/) }),
      expect.objectContaining({ kind: 'not-an-image', path: join(root, 'a', 'pipe') }),
    ]);
  });

  it("refuses files inside the project's own dataset folders", async () => {
    const root = await tree();
    const { files, problems } = await walkSources([root], { skipInside: [join(root, 'a', 'deep')] });
    expect(relative(root, files)).toEqual(['/a/one.png']);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'unsupported', path: join(root, 'a', 'deep') }),
    ]);
  });
});
