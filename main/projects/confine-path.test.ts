import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { confinePath } from './confine-path.js';

let root: string;
let outside: string;

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'ganvas-confine-'));
  root = join(base, 'Art.ganvas');
  outside = join(base, 'secret.txt');
  await mkdir(join(root, 'datasets', 'a'), { recursive: true });
  await writeFile(join(root, 'datasets', 'a', 'cat.png'), 'png');
  await writeFile(outside, 'secret');
  await symlink(outside, join(root, 'datasets', 'a', 'escape.png'));
});

describe('confinePath', () => {
  it('resolves a file inside the project', async () => {
    expect(await confinePath(root, 'datasets/a/cat.png')).toMatch(/datasets[/\\]a[/\\]cat\.png$/);
  });

  it.each(['../secret.txt', 'datasets/../../secret.txt', '/etc/passwd', 'C:/Windows/win.ini', 'a\0b', ''])(
    'refuses %j',
    async (path) => {
      expect(await confinePath(root, path)).toBeNull();
    },
  );

  it('refuses a symlink that points outside the project', async () => {
    expect(await confinePath(root, 'datasets/a/escape.png')).toBeNull();
  });

  it('returns null for a file that does not exist', async () => {
    expect(await confinePath(root, 'datasets/a/none.png')).toBeNull();
  });
});
