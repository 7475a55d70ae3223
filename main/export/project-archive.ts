import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { z } from 'zod';
import { lockFile } from '../projects/project-lock.js';

/** The first entry of every Ganvas archive: what it holds. */
export const archiveManifestName = 'ganvas-archive.json';

export const ArchiveManifest = z.object({
  format: z.literal('ganvas-archive'),
  version: z.literal(1),
  app: z.string(),
  kind: z.enum(['project', 'run']),
  /** The project's name (kind 'project') or the run's id (kind 'run'). */
  name: z.string().min(1).max(200),
});
export type ArchiveManifest = z.infer<typeof ArchiveManifest>;

export interface ArchiveProgress {
  done: number;
  total: number;
}

/**
 * Left out of an archive: the lock of the Ganvas that has it open, half-written temp files and
 * browser-mode upload staging.
 */
function leftOut(name: string): boolean {
  return name === lockFile || name === '.uploads' || /^\..*\.tmp$/.test(name);
}

async function filesUnder(root: string, folder = root): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (leftOut(entry.name)) continue;
    const path = join(folder, entry.name);
    // Symlinks are not followed: an archive holds the project's own files only.
    if (entry.isDirectory()) found.push(...(await filesUnder(root, path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

/**
 * Writes a folder (a project, or one run of it) into one zip: the manifest first, then every file
 * under its path relative to the folder, with '/' separators. Images and weights are stored, not
 * deflated again (they do not shrink). The zip is written aside and renamed into place.
 */
export async function writeArchive(
  folder: string,
  zipPath: string,
  manifest: ArchiveManifest,
  options: { signal?: AbortSignal; onProgress?: (progress: ArchiveProgress) => void; skip?: string } = {},
): Promise<{ files: number; bytes: number }> {
  const files = (await filesUnder(folder)).filter((path) => path !== options.skip);
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), archiveManifestName);
  const temp = join(dirname(zipPath), `.${basename(zipPath)}.${process.pid}.tmp`);
  await mkdir(dirname(zipPath), { recursive: true });
  const written = pipeline(zip.outputStream, createWriteStream(temp));
  try {
    for (const [i, path] of files.entries()) {
      options.signal?.throwIfAborted();
      const name = relative(folder, path).split(sep).join('/');
      const compress = !/\.(png|jpe?g|webp|gif|bin|mp4|webm|zip|avif)$/i.test(name);
      zip.addReadStream(createReadStream(path), name, { compress, mtime: (await stat(path)).mtime });
      options.onProgress?.({ done: i + 1, total: files.length });
    }
    zip.end();
    await written;
    await rename(temp, zipPath);
  } catch (error) {
    (zip.outputStream as unknown as NodeJS.ReadableStream & { destroy(): void }).destroy();
    await written.catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  return { files: files.length, bytes: (await stat(zipPath)).size };
}

/**
 * Where an entry may be written, or why not: no absolute paths, drive letters, backslashes, '..'
 * or empty segments, and the result must stay inside the destination ("zip slip").
 */
export function entryTarget(destination: string, name: string): string {
  const segments = name.split('/');
  if (
    name.length === 0 ||
    name.includes('\\') ||
    name.includes('\0') ||
    isAbsolute(name) ||
    /^[a-zA-Z]:/.test(name) ||
    segments.some((s, i) => s === '..' || s === '.' || (s === '' && i < segments.length - 1))
  ) {
    throw new Error(
      `The archive has an entry that points outside its folder (“${name}”); nothing was imported.`,
    );
  }
  const target = resolve(destination, ...segments.filter((s) => s !== ''));
  const rel = relative(resolve(destination), target);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(
      `The archive has an entry that points outside its folder (“${name}”); nothing was imported.`,
    );
  }
  return target;
}

const openZip = (path: string) =>
  new Promise<yauzl.ZipFile>((done, fail) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true },
      (error, zip) => (error ? fail(error) : done(zip)),
    ),
  );

const isSymlink = (entry: yauzl.Entry) => ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;

/** Reads an archive's manifest, or says why it is not a Ganvas archive. */
async function readManifestOf(zip: yauzl.ZipFile, first: yauzl.Entry): Promise<ArchiveManifest> {
  if (first.fileName !== archiveManifestName || first.uncompressedSize > 64 * 1024) {
    throw new Error('This zip is not a Ganvas archive (it has no ganvas-archive.json first).');
  }
  const stream = await new Promise<NodeJS.ReadableStream>((done, fail) =>
    zip.openReadStream(first, (error, s) => (error ? fail(error) : done(s))),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const parsed = ArchiveManifest.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  if (!parsed.success) throw new Error('This Ganvas archive comes from a newer Ganvas or is damaged.');
  return parsed.data;
}

/**
 * Unpacks a Ganvas archive into `destination`, which must not exist yet. Everything goes into a
 * temp folder beside it first and is renamed into place whole, so a failed or cancelled import
 * leaves nothing behind; every entry is checked (entryTarget) before anything is written.
 */
export async function extractArchive(
  zipPath: string,
  destination: string,
  options: {
    signal?: AbortSignal;
    onProgress?: (progress: ArchiveProgress) => void;
    expect?: ArchiveManifest['kind'];
  } = {},
): Promise<ArchiveManifest> {
  if (existsSync(destination))
    throw new Error(`${basename(destination)} already exists; nothing was imported.`);
  const zip = await openZip(zipPath);
  const temp = join(dirname(destination), `.${basename(destination)}.importing-${process.pid}`);
  try {
    const entries = await new Promise<yauzl.Entry[]>((done, fail) => {
      const all: yauzl.Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        all.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => done(all));
      zip.on('error', fail);
      zip.readEntry();
    });
    const [first, ...rest] = entries;
    if (!first) throw new Error('This zip is empty.');
    const manifest = await readManifestOf(zip, first);
    if (options.expect && manifest.kind !== options.expect) {
      throw new Error(`This archive holds a ${manifest.kind}, not a ${options.expect}.`);
    }
    // Check every name before writing anything.
    const targets = rest.map((entry) => {
      if (isSymlink(entry))
        throw new Error(`The archive has a symbolic link (“${entry.fileName}”); nothing was imported.`);
      return entryTarget(temp, entry.fileName);
    });
    await mkdir(temp, { recursive: true });
    for (const [i, entry] of rest.entries()) {
      options.signal?.throwIfAborted();
      const target = targets[i] ?? '';
      if (entry.fileName.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      const stream = await new Promise<NodeJS.ReadableStream>((done, fail) =>
        zip.openReadStream(entry, (error, s) => (error ? fail(error) : done(s))),
      );
      await pipeline(stream, createWriteStream(target, { flags: 'wx' }));
      options.onProgress?.({ done: i + 1, total: rest.length });
    }
    await mkdir(dirname(destination), { recursive: true });
    await rename(temp, destination);
    return manifest;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  } finally {
    zip.close();
  }
}

/** A folder name in `parent` that is free: "Name.ganvas", then "Name (2).ganvas", … */
export async function freeFolder(parent: string, stem: string, extension: string): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(parent, `${stem}${n === 1 ? '' : ` (${n})`}${extension}`);
    try {
      await lstat(path);
    } catch {
      return path;
    }
  }
}
