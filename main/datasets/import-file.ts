import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Domain, RejectedFile } from '../contract/index.js';
import type { DatasetManifest, ImageEntry } from './dataset-files.js';
import { decodeImage } from './decode-image.js';
import { imageProducts, workingSize } from './image-products.js';
import { encodeThumbnail, thumbnailExtension } from './thumbnails.js';

/** Files larger than this are not read into memory (no photo is; a video or disk image may be). */
export const maxImageFileBytes = 512 * 1024 * 1024;

export type FileOutcome =
  | { kind: 'added'; entry: ImageEntry; training: Uint8Array }
  | { kind: 'present' }
  | { kind: 'duplicate'; sameAs: string }
  | { kind: 'rejected'; rejection: RejectedFile };

export interface ImportContext {
  projectRoot: string;
  manifest: DatasetManifest;
  domain: Domain;
  /** Image id -> how the user knows the file that brought it, for every image of the domain. */
  known: Map<string, string>;
  /** Images of this import still being processed, by id: a second copy waits for the first's outcome. */
  inFlight: Map<string, Promise<FileOutcome>>;
  /** How the user knows a path (an upload shows its relative path, not the staging folder). */
  label: (path: string) => string;
  /** Copy originals into the project (the dataset's 'copy' storage, and always for uploads). */
  copy: boolean;
}

/** The project-relative files an image keeps (the original only in 'copy' storage). */
export function storedPaths(manifest: DatasetManifest, domain: Domain, id: string, format: string) {
  const folder = `datasets/${manifest.id}`;
  return {
    original: `${folder}/originals/${domain}/${id}.${format === 'jpeg' ? 'jpg' : format}`,
    thumbnail: `${folder}/thumbs/${id}.${thumbnailExtension}`,
  };
}

/**
 * One file: read once, hashed, decoded once, and everything derived from that decode. A problem with
 * the file itself comes back as a rejection; a failure to write into the project throws (the import
 * cannot go on without disk space or permission).
 */
export async function importFile(path: string, size: number, context: ImportContext): Promise<FileOutcome> {
  const { known } = context;
  const shownAs = context.label(path);
  const reject = (kind: RejectedFile['kind'], reason: string): FileOutcome => ({
    kind: 'rejected',
    rejection: { path: shownAs, kind, reason },
  });
  if (size > maxImageFileBytes) {
    return reject(
      'unsupported',
      `too large to import (${Math.round(size / 2 ** 20)} MB; the limit is 512 MB)`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return reject(
      'unreadable',
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions`,
    );
  }
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
  const knownAs = known.get(id);
  if (knownAs !== undefined) {
    return knownAs === shownAs ? { kind: 'present' } : { kind: 'duplicate', sameAs: id };
  }
  // The same bytes under two names in one import: the second shares the first's fate.
  const first = context.inFlight.get(id);
  if (first) {
    const outcome = await first;
    if (outcome.kind === 'rejected') return reject(outcome.rejection.kind, outcome.rejection.reason);
    return { kind: 'duplicate', sameAs: id };
  }
  const work = storeImage(bytes, id, path, shownAs, context);
  context.inFlight.set(id, work); // before any await: the claim is atomic
  try {
    const outcome = await work;
    if (outcome.kind === 'added') known.set(id, shownAs);
    return outcome;
  } finally {
    context.inFlight.delete(id);
  }
}

/** Decodes, derives and writes one new image; the caller appends its training row and records it. */
async function storeImage(
  bytes: Buffer,
  id: string,
  path: string,
  shownAs: string,
  context: ImportContext,
): Promise<FileOutcome> {
  const { manifest, domain } = context;
  const reject = (kind: RejectedFile['kind'], reason: string): FileOutcome => ({
    kind: 'rejected',
    rejection: { path: shownAs, kind, reason },
  });
  const decoded = await decodeImage(bytes, {
    minShortSide: Math.ceil(manifest.resolution / 2),
    trainingSize: manifest.resolution,
    workingSize: workingSize(manifest.resolution),
    background: manifest.background,
  });
  if (!decoded.ok) return reject(decoded.kind, decoded.reason);
  let products: ReturnType<typeof imageProducts>;
  let thumbnailBytes: Buffer;
  try {
    products = imageProducts(decoded.pixels, manifest);
    thumbnailBytes = await encodeThumbnail(products.thumbnail);
  } catch (error) {
    return reject('corrupt', `could not be processed (${(error as Error).message})`);
  }
  const paths = storedPaths(manifest, domain, id, decoded.format);
  await Promise.all([
    context.copy ? writeFile(join(context.projectRoot, paths.original), bytes) : undefined,
    writeFile(join(context.projectRoot, paths.thumbnail), thumbnailBytes),
  ]);
  const entry: ImageEntry = {
    id,
    domain,
    source: shownAs,
    // 'reference' storage points at the original where it is, by design (the project is then not whole).
    stored: context.copy ? paths.original : resolve(path),
    thumbnail: paths.thumbnail,
    width: decoded.width,
    height: decoded.height,
    format: decoded.format,
    phash: products.phash,
    excluded: false,
    mean: products.mean,
  };
  return { kind: 'added', entry, training: products.training };
}
