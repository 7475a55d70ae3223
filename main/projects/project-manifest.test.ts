import { mkdir, mkdtemp, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  manifestBackupFile,
  manifestFile,
  newManifest,
  readManifest,
  writeManifest,
  type ProjectManifest,
} from './project-manifest.js';

async function projectFolder(name = 'Moths.ganvas'): Promise<string> {
  const root = join(await mkdtemp(join(tmpdir(), 'ganvas-manifest-')), name);
  await mkdir(root);
  return root;
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

const torn = '{"schemaVersion": 1, "id": "5b1c';

describe('project manifest', () => {
  it('writes project.json and its backup, and reads it back without issues', async () => {
    const root = await projectFolder();
    const manifest = newManifest('Moths');
    await writeManifest(root, manifest);
    expect(await readJson(join(root, manifestFile))).toEqual(manifest);
    expect(await readJson(join(root, manifestBackupFile))).toEqual(manifest);
    expect(await readManifest(root)).toEqual({ manifest, issues: [] });
    expect(JSON.stringify(manifest)).not.toContain(root); // nothing absolute: the folder can move
  });

  it('migrates an early (v0) manifest on read and saves it in the current schema', async () => {
    const root = await projectFolder();
    await writeFile(join(root, manifestFile), JSON.stringify({ title: 'Old moths', createdAt: 1234 }));
    const { manifest, issues } = await readManifest(root);
    expect(issues).toEqual([]);
    expect(manifest).toMatchObject({ schemaVersion: 1, name: 'Old moths', createdAt: 1234, isSample: false });
    expect(await readJson(join(root, manifestFile))).toEqual(manifest);
    // The id given during migration sticks: the next read finds the same project.
    expect((await readManifest(root)).manifest.id).toBe(manifest.id);
  });

  it('gives a project saved before backups existed its backup on the next read', async () => {
    const root = await projectFolder();
    const manifest = newManifest('Moths');
    await writeFile(join(root, manifestFile), JSON.stringify(manifest));
    await readManifest(root);
    expect(await readJson(join(root, manifestBackupFile))).toEqual(manifest);
  });

  it('refuses a manifest from a newer Ganvas and leaves it untouched', async () => {
    const root = await projectFolder();
    const future = JSON.stringify({
      schemaVersion: 7,
      id: 'x',
      name: 'Future',
      createdAt: 1,
      isSample: false,
    });
    await writeFile(join(root, manifestFile), future);
    await expect(readManifest(root)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/newer Ganvas \(schema 7.*Update Ganvas/),
    });
    expect(await readFile(join(root, manifestFile), 'utf8')).toBe(future);
  });

  it('restores a torn project.json from the whole temp file of an interrupted save, keeping the torn one', async () => {
    const root = await projectFolder();
    const saved = newManifest('Moths');
    await writeManifest(root, saved);
    const newer: ProjectManifest = { ...saved, name: 'Moths renamed' };
    const wholeTemp = join(root, '.project.json.0123456789ab.tmp');
    await writeFile(wholeTemp, JSON.stringify(newer));
    const later = new Date(Date.now() + 60_000);
    await utimes(wholeTemp, later, later); // the newest copy, as an interrupted save would be
    await writeFile(join(root, '.project.json.ba9876543210.tmp'), '{"schemaVer'); // torn: skipped
    await writeFile(join(root, manifestFile), torn);
    const { manifest, issues } = await readManifest(root);
    expect(manifest).toEqual(newer);
    expect(issues).toEqual([
      {
        path: manifestFile,
        message: expect.stringMatching(
          /damaged \(not valid JSON\); restored it from an interrupted save.*kept as project\.json\.damaged-/,
        ),
      },
    ]);
    expect(await readJson(join(root, manifestFile))).toEqual(newer);
    const damaged = (await readdir(root)).filter((name) => name.startsWith('project.json.damaged-'));
    expect(damaged).toHaveLength(1);
    expect(await readFile(join(root, damaged[0] ?? ''), 'utf8')).toBe(torn);
  });

  it('restores from the backup when no interrupted save is whole', async () => {
    const root = await projectFolder();
    const saved = newManifest('Moths', true);
    await writeManifest(root, saved);
    const tornTemp = join(root, '.project.json.0123456789ab.tmp');
    await writeFile(tornTemp, '{');
    const later = new Date(Date.now() + 60_000);
    await utimes(tornTemp, later, later); // newer than the backup, but torn
    await writeFile(join(root, manifestFile), '');
    const { manifest, issues } = await readManifest(root);
    expect(manifest).toEqual(saved);
    expect(issues[0]?.message).toMatch(/damaged \(empty\); restored it from its backup/);
  });

  it('rebuilds a manifest from the folder name when nothing whole is left, and says so', async () => {
    const root = await projectFolder('Night Moths.ganvas');
    await writeFile(join(root, manifestFile), torn);
    const { manifest, issues } = await readManifest(root);
    expect(manifest).toMatchObject({ schemaVersion: 1, name: 'Night Moths', isSample: false });
    expect(issues[0]?.message).toMatch(/rebuilt it from the folder name/);
    expect(await readManifest(root)).toEqual({ manifest, issues: [] });
  });

  it('rebuilds from what an open project knew, keeping its id', async () => {
    const root = await projectFolder();
    const known = newManifest('Moths');
    await writeFile(join(root, manifestFile), '{"id": 3}');
    await writeFile(join(root, manifestBackupFile), 'garbage');
    const { manifest, issues } = await readManifest(root, known);
    expect(manifest).toEqual(known);
    expect(issues[0]?.message).toMatch(
      /damaged \(no schemaVersion\); rebuilt it from what the open project knew/,
    );
  });

  it('rebuilds a .ganvas folder whose project.json is missing (a creation cut short)', async () => {
    const root = await projectFolder('Half.ganvas');
    const { manifest, issues } = await readManifest(root);
    expect(manifest.name).toBe('Half');
    expect(issues[0]?.message).toMatch(/project\.json was missing; rebuilt/);
  });

  it('refuses a folder whose project.json belongs to another tool, without touching it', async () => {
    const root = await projectFolder('web-app');
    const foreign = JSON.stringify({ name: 'web-app', targets: { build: { executor: 'nx:run' } } });
    await writeFile(join(root, manifestFile), foreign);
    await expect(readManifest(root)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/is not a Ganvas project: its project\.json is not Ganvas's/),
    });
    expect(await readdir(root)).toEqual([manifestFile]);
    expect(await readFile(join(root, manifestFile), 'utf8')).toBe(foreign);
  });
});
