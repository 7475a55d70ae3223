import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Domain, ImportSummary, JobProgress } from '../contract/index.js';
import { ServiceFailure } from '../service/service-error.js';
import { domainsOf, type ImageEntry, type ImagesFile, type RejectedList } from './dataset-files.js';
import { loadDataset, saveImages, saveRejected } from './dataset-store.js';
import { decodeImage } from './decode-image.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import { perceptualHash } from './perceptual-hash.js';
import { CacheAppender, cachePath, truncateCache } from './training-cache.js';
import { walkSources } from './walk-sources.js';

export interface ImportOptions {
  projectRoot: string;
  datasetId: string;
  domain: Domain;
  /** Files and folders (read recursively). */
  paths: string[];
  /** How the user knows a file (an upload shows its relative path, not the staging folder). */
  label?: (path: string) => string;
  nearDuplicateThreshold: number;
  signal?: AbortSignal;
  /** Read when cancelled: keep what was imported, or roll the whole import back. */
  keepPartial?: () => boolean;
  onProgress?: (progress: JobProgress) => void;
  /** How often the manifest is saved during an import; what was saved survives a killed process. */
  saveEveryMs?: number;
  concurrency?: number;
  now?: () => number;
}

/**
 * Imports files and folders into one domain of a dataset. Never aborts for one file: each problem
 * becomes a rejected entry with a reason. Cache bytes are fsynced before the manifest that points at
 * them is saved, so a process killed at any moment leaves a dataset that opens with everything saved.
 */
export async function importImages(options: ImportOptions): Promise<ImportSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const { projectRoot, datasetId, domain } = options;
  const { manifest, images: before, rejected: rejectedBefore } = await loadDataset(projectRoot, datasetId);
  if (!domainsOf(manifest.kind).includes(domain)) {
    throw new ServiceFailure(
      'invalid-args',
      manifest.kind === 'single'
        ? `"${manifest.name}" has one folder of images; import without a domain (A/B are for CycleGAN datasets).`
        : `"${manifest.name}" is a CycleGAN dataset: import into domain A or B.`,
    );
  }
  const label = options.label ?? ((path: string) => path);
  const dir = join(projectRoot, 'datasets', datasetId);
  await mkdir(join(dir, 'thumbs'), { recursive: true });
  await mkdir(join(dir, 'cache'), { recursive: true });
  if (manifest.storage === 'copy') await mkdir(join(dir, 'originals', domain), { recursive: true });

  const state: ImagesFile = { images: [...before.images], duplicates: [...before.duplicates] };
  const domainImages = before.images.filter((image) => image.domain === domain);
  const known = new Map(domainImages.map((image) => [image.id, image.source]));
  const cacheFile = cachePath(projectRoot, datasetId, domain, manifest.resolution);
  const initialCacheCount = domainImages.reduce((max, image) => Math.max(max, image.cacheIndex + 1), 0);
  const cache = await CacheAppender.open(cacheFile, manifest.resolution, initialCacheCount);

  const walk = await walkSources(options.paths);
  const rejected: RejectedList = walk.problems.map((problem) => ({
    ...problem,
    path: label(problem.path),
    domain,
  }));
  const summary: ImportSummary = {
    datasetId,
    domain,
    imported: 0,
    alreadyPresent: 0,
    exactDuplicates: [],
    nearDuplicates: [],
    rejected: [],
    cancelled: false,
    seconds: 0,
  };
  const added: ImageEntry[] = [];
  const total = walk.files.length;
  let done = 0;
  let lastSave = now();
  let saving: Promise<void> = Promise.resolve();
  let cacheQueue: Promise<unknown> = Promise.resolve();

  const saveProgress = async () => {
    await cacheQueue;
    await cache.sync();
    await saveImages(projectRoot, datasetId, state);
    await saveRejected(projectRoot, datasetId, mergeRejected(rejectedBefore, rejected));
  };

  const report = () => {
    const elapsed = (now() - started) / 1000;
    const rate = done / Math.max(elapsed, 1e-3);
    options.onProgress?.({
      fraction: total === 0 ? 1 : done / total,
      message: `Imported ${summary.imported} of ${total} files`,
      done,
      total,
      etaSeconds: done > 0 ? (total - done) / rate : null,
    });
  };

  async function importOne(path: string): Promise<void> {
    const shownAs = label(path);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      rejected.push({
        path: shownAs,
        domain,
        kind: 'unreadable',
        reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      });
      return;
    }
    const id = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
    const knownSource = known.get(id);
    if (knownSource !== undefined) {
      if (knownSource === shownAs) summary.alreadyPresent++;
      else {
        const duplicate = { path: shownAs, sameAs: id };
        summary.exactDuplicates.push(duplicate);
        state.duplicates.push({ ...duplicate, domain });
      }
      return;
    }
    known.set(id, shownAs); // claimed now, so a second copy in this same import is a duplicate
    const decoded = await decodeImage(bytes, manifest);
    if (!decoded.ok) {
      known.delete(id);
      rejected.push({ path: shownAs, domain, kind: decoded.kind, reason: decoded.reason });
      return;
    }
    const extension = decoded.format === 'jpeg' ? 'jpg' : decoded.format;
    const stored =
      manifest.storage === 'copy' ? `datasets/${datasetId}/originals/${domain}/${id}.${extension}` : path;
    const thumbnail = `datasets/${datasetId}/thumbs/${id}.jpg`;
    // Both files at once: the import is as much file I/O as decoding.
    await Promise.all([
      manifest.storage === 'copy' ? writeFile(join(projectRoot, stored), bytes) : undefined,
      writeFile(join(projectRoot, thumbnail), decoded.thumbnail),
    ]);
    const appended = cacheQueue.then(() => cache.append(decoded.training));
    cacheQueue = appended;
    const entry: ImageEntry = {
      id,
      domain,
      source: shownAs,
      stored,
      thumbnail,
      width: decoded.width,
      height: decoded.height,
      format: decoded.format,
      phash: perceptualHash(decoded.gray32),
      excluded: false,
      cacheIndex: await appended,
    };
    state.images.push(entry);
    added.push(entry);
    summary.imported++;
  }

  const queue = [...walk.files];
  const concurrency = options.concurrency ?? 4;
  async function worker(): Promise<void> {
    for (let file = queue.shift(); file; file = queue.shift()) {
      if (options.signal?.aborted) return;
      try {
        await importOne(file.path);
      } catch (error) {
        rejected.push({
          path: label(file.path),
          domain,
          kind: 'unreadable',
          reason: `could not be imported: ${(error as Error).message}`,
        });
      }
      done++;
      report();
      if (now() - lastSave > (options.saveEveryMs ?? 2000)) {
        lastSave = now();
        saving = saving.then(saveProgress);
        await saving;
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, total)) }, worker));
    await saving;
    await cacheQueue;
    summary.cancelled = options.signal?.aborted === true;
    if (summary.cancelled && options.keepPartial?.() === false) {
      await rollBack();
      summary.imported = 0;
      summary.exactDuplicates = [];
      summary.rejected = [];
    } else {
      await saveProgress();
      summary.rejected = rejected.map(({ domain: _domain, ...file }) => file);
    }
  } finally {
    await cache.close();
  }
  summary.nearDuplicates = nearDuplicateGroups(
    state.images.filter((image) => image.domain === domain),
    options.nearDuplicateThreshold,
  );
  summary.seconds = (now() - started) / 1000;
  return summary;

  async function rollBack(): Promise<void> {
    await saveImages(projectRoot, datasetId, before);
    await saveRejected(projectRoot, datasetId, rejectedBefore);
    await truncateCache(cacheFile, manifest.resolution, initialCacheCount);
    for (const entry of added) {
      await rm(join(projectRoot, entry.thumbnail), { force: true });
      if (manifest.storage === 'copy') await rm(join(projectRoot, entry.stored), { force: true });
    }
  }
}

/** The latest word on each file: a re-imported file that now works drops its old rejection. */
function mergeRejected(before: RejectedList, now: RejectedList): RejectedList {
  const replaced = new Set(now.map((file) => `${file.domain}\0${file.path}`));
  return [...before.filter((file) => !replaced.has(`${file.domain}\0${file.path}`)), ...now];
}
