import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  entryTarget,
  extractArchive,
  freeFolder,
  writeArchive,
  type ArchiveManifest,
} from './project-archive.js';

let work: string;
const manifest: ArchiveManifest = {
  format: 'ganvas-archive',
  version: 1,
  app: '0.1.0',
  kind: 'project',
  name: 'Moths',
};

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'ganvas-archive-'));
});

async function project(): Promise<string> {
  const root = join(work, 'Moths.ganvas');
  await mkdir(join(root, 'runs', 'r1', 'checkpoints', '10'), { recursive: true });
  await writeFile(join(root, 'project.json'), '{"name":"Moths"}');
  await writeFile(join(root, 'runs', 'r1', 'checkpoints', '10', 'weights.bin'), Buffer.alloc(5000, 7));
  await writeFile(join(root, 'runs', 'r1', 'metrics.jsonl'), 'x\n'.repeat(1000));
  await writeFile(join(root, '.ganvas.lock'), 'held');
  await writeFile(join(root, '.project.json.abc.tmp'), 'half');
  return root;
}

async function tree(folder: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...(await tree(join(folder, entry.name), `${rel}/`)));
    else out.push(rel);
  }
  return out.sort();
}

describe('project archives', () => {
  it('round-trips a project: the same files and bytes, without its lock or temp files', async () => {
    const root = await project();
    const zip = join(work, 'out', 'Moths.zip');
    const progress: number[] = [];
    const written = await writeArchive(root, zip, manifest, { onProgress: (p) => progress.push(p.done) });
    expect(written.files).toBe(3);
    expect(progress).toEqual([1, 2, 3]);
    const into = join(work, 'imported', 'Moths.ganvas');
    expect(await extractArchive(zip, into, { expect: 'project' })).toEqual(manifest);
    expect(await tree(into)).toEqual([
      'project.json',
      'runs/r1/checkpoints/10/weights.bin',
      'runs/r1/metrics.jsonl',
    ]);
    for (const file of await tree(into))
      expect(await readFile(join(into, file))).toEqual(await readFile(join(root, file)));
    expect(await readdir(join(work, 'imported'))).toEqual(['Moths.ganvas']);
  });

  it('never imports over an existing folder, and refuses a run archive where a project is wanted', async () => {
    const zip = join(work, 'run.zip');
    await writeArchive(join(await project(), 'runs', 'r1'), zip, { ...manifest, kind: 'run', name: 'r1' });
    const taken = join(work, 'taken');
    await mkdir(taken);
    await expect(extractArchive(zip, taken)).rejects.toThrow('already exists');
    await expect(extractArchive(zip, join(work, 'x'), { expect: 'project' })).rejects.toThrow('holds a run');
    expect(existsSync(join(work, 'x'))).toBe(false);
  });

  it('refuses a zip whose entry climbs out of its folder (zip slip) and writes nothing', async () => {
    const root = await project();
    await writeFile(join(root, 'aa'), 'evil');
    const zip = join(work, 'slip.zip');
    await writeArchive(root, zip, manifest);
    // Rename the entry "aa" to ".." in both of its headers (same length, so the zip stays readable).
    const bytes = await readFile(zip);
    const patched = Buffer.from(
      bytes.toString('latin1').replaceAll('\u0000\u0000aa', '\u0000\u0000..'),
      'latin1',
    );
    expect(patched).not.toEqual(bytes);
    await writeFile(zip, patched);
    const into = join(work, 'in', 'Moths.ganvas');
    await expect(extractArchive(zip, into)).rejects.toThrow(/outside|invalid relative path/);
    expect(existsSync(join(work, 'in'))).toBe(false);
    expect(await readdir(work)).not.toContain('evil');
  });

  it('checks entry names itself too', () => {
    const dest = join(work, 'd');
    expect(entryTarget(dest, 'runs/r1/a.bin')).toBe(join(dest, 'runs', 'r1', 'a.bin'));
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x', 'a//b', './a', ''])
      expect(() => entryTarget(dest, bad), bad).toThrow('outside');
  });

  it('says what a zip is not', async () => {
    const zip = join(work, 'plain.zip');
    const root = await project();
    await writeArchive(root, zip, manifest);
    const bytes = await readFile(zip);
    await writeFile(
      zip,
      Buffer.from(
        bytes.toString('latin1').replaceAll('ganvas-archive.json', 'ganvas-archivX.json'),
        'latin1',
      ),
    );
    await expect(extractArchive(zip, join(work, 'n'))).rejects.toThrow('not a Ganvas archive');
  });

  it('finds a free folder name', async () => {
    await mkdir(join(work, 'Moths.ganvas'));
    expect(await freeFolder(work, 'Moths', '.ganvas')).toBe(join(work, 'Moths (2).ganvas'));
  });
});
