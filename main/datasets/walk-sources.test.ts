import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
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
  await writeFile(join(root, 'a', 'Thumbs.db'), 'x');
  return root;
}

describe('walkSources', () => {
  it('finds files recursively and skips clutter', async () => {
    const root = await tree();
    const { files, problems } = await walkSources([join(root, 'a')]);
    expect(files.map((f) => f.path.slice(root.length))).toEqual(['/a/deep/two.png', '/a/one.png']);
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

  it('reports an unreadable folder and goes on with the rest', async () => {
    const root = await tree();
    const { files, problems } = await walkSources([join(root, 'a')], {
      listFolder: async (path) => {
        if (path.endsWith('deep')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
        return (await import('node:fs/promises')).readdir(path);
      },
    });
    expect(files.map((f) => f.path)).toEqual([join(root, 'a', 'one.png')]);
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'unreadable', reason: expect.stringMatching(/EACCES/) }),
    ]);
  });

  it('reports a path that does not exist', async () => {
    const { problems } = await walkSources(['/no/such/folder']);
    expect(problems[0]).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/does not exist/),
    });
  });
});
