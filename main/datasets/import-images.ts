import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Domain, ImportSummary, JobProgress } from '../contract/index.js';
import { ServiceFailure } from '../service/service-error.js';
import { cacheStatus } from './cache-index.js';
import { datasetDir, domainsOf, type DatasetManifest, type ImagesFile } from './dataset-files.js';
import { loadDataset } from './dataset-store.js';
import { importFile, type ImportContext } from './import-file.js';
import { ImportLedger } from './import-ledger.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import { progressReporter } from './progress.js';
import { rebuildCache } from './rebuild-cache.js';
import { CacheWriter } from './training-cache.js';
import { walkSources } from './walk-sources.js';

export interface ImportOptions {
  projectRoot: string;
  datasetId: string;
  domain: Domain;
  /** Files and folders (read recursively). */
  paths: string[];
  /** How the user knows a file (an upload shows its relative path, not the staging folder). */
  label?: (path: string) => string;
  /** Copy the originals even in 'reference' storage (an upload's staging folder is removed afterwards). */
  forceCopy?: boolean;
  nearDuplicateThreshold: number;
  /** Aborted = cancel. */
  signal?: AbortSignal;
  /** Read when cancelled: keep what was imported, or roll the whole import back. */
  keepPartial?: () => boolean;
  onProgress?: (progress: JobProgress) => void;
  /** After each save: how many images of this import are now on disk for good. */
  onSaved?: (savedImages: number) => void;
  /** The lists are saved this often, and after this many new images; what was saved survives a killed process. */
  saveEveryMs?: number;
  saveEveryImages?: number;
  /** Files in flight at once: enough to keep both cores busy while others wait on the disk. */
  concurrency?: number;
}

/**
 * Imports files and folders into one domain of a dataset. Never aborts for one file: each problem
 * becomes a rejected entry with its reason. What it adds is saved as it goes (cache rows fsynced
 * before the lists that refer to them), so a process killed at any moment leaves a dataset that opens
 * with everything saved so far; a cancel keeps that, or rolls the whole import back.
 */
export async function importImages(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { projectRoot, datasetId, domain } = options;
  let loaded = await loadDataset(projectRoot, datasetId);
  const manifest = loaded.manifest;
  checkDomain(manifest, domain);
  const dir = datasetDir(projectRoot, datasetId);
  const copy = manifest.storage === 'copy' || options.forceCopy === true;
  try {
    await mkdir(join(dir, 'thumbs'), { recursive: true });
    await mkdir(join(dir, 'cache'), { recursive: true });
    if (copy) await mkdir(join(dir, 'originals', domain), { recursive: true });
  } catch (error) {
    throw importFailure(error as Error, 0);
  }

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
  // New rows go after rows rendered with the dataset's current settings, never after stale ones.
  let status = await cacheStatus(projectRoot, manifest, domain, idsOf(loaded.images, domain));
  if (!status.ok) {
    options.onProgress?.({ fraction: null, message: 'Bringing the training cache up to date first' });
    const rebuilt = await rebuildCache({
      projectRoot,
      datasetId,
      domains: [domain],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (rebuilt.cancelled) return { ...summary, cancelled: true, seconds: (Date.now() - started) / 1000 };
    loaded = await loadDataset(projectRoot, datasetId);
    status = await cacheStatus(projectRoot, manifest, domain, idsOf(loaded.images, domain));
    if (!status.ok) throw new Error(`the training cache could not be rebuilt: it ${status.reason}`);
  }

  options.onProgress?.({ fraction: null, message: 'Looking for images' });
  const walk = await walkSources(options.paths, { skipInside: [join(projectRoot, 'datasets')] });
  const label = options.label ?? ((path: string) => path);
  const writer = await CacheWriter.open(status.files, status.index);
  const ledger = new ImportLedger(projectRoot, datasetId, domain, writer, loaded, options.onSaved);
  for (const problem of walk.problems) ledger.reject({ ...problem, path: label(problem.path) });

  const context: ImportContext = {
    projectRoot,
    manifest,
    domain,
    copy,
    label,
    inFlight: new Map(),
    known: new Map(
      loaded.images.images
        .filter((image) => image.domain === domain)
        .map((image) => [image.id, image.source]),
    ),
  };
  const total = walk.files.length;
  let done = 0;
  const report = progressReporter(
    total,
    options.onProgress,
    (count) =>
      `${count} of ${total} files: ${ledger.added.length} imported, ${ledger.rejected.length} rejected`,
  );
  const saveEveryMs = options.saveEveryMs ?? 2000;
  const saveEveryImages = options.saveEveryImages ?? 250;
  let lastSave = { at: Date.now(), images: 0 };
  let fatal: Error | null = null;
  let next = 0;

  async function worker(): Promise<void> {
    while (!fatal && !options.signal?.aborted && next < total) {
      const file = walk.files[next++];
      if (!file) break;
      try {
        const outcome = await importFile(file.path, file.size, context);
        if (outcome.kind === 'added') {
          await writer.append(outcome.entry.id, outcome.training);
          ledger.add(outcome.entry);
        } else if (outcome.kind === 'present') {
          ledger.present(label(file.path));
        } else if (outcome.kind === 'duplicate') {
          ledger.duplicate(label(file.path), outcome.sameAs);
        } else {
          ledger.reject(outcome.rejection);
        }
      } catch (error) {
        fatal ??= error as Error;
        return;
      }
      report(++done);
      const due =
        Date.now() - lastSave.at >= saveEveryMs || ledger.added.length - lastSave.images >= saveEveryImages;
      if (due && !ledger.saving) {
        lastSave = { at: Date.now(), images: ledger.added.length };
        ledger.saveInBackground((error) => (fatal ??= error));
      }
    }
  }

  let rolledBack: boolean;
  try {
    report(0);
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, total)) }, worker));
    summary.cancelled = options.signal?.aborted === true && !fatal;
    rolledBack = summary.cancelled && options.keepPartial?.() === false;
    if (rolledBack) await ledger.rollBack();
    // After a failure too, what was done before it is kept if it can be (the error says how much).
    else if (fatal) await ledger.save().catch(() => undefined);
    else await ledger.save();
  } finally {
    await writer.close();
  }
  if (fatal) throw importFailure(fatal, ledger.savedImages);

  if (!rolledBack) {
    summary.imported = ledger.added.length;
    summary.alreadyPresent = ledger.alreadyPresent;
    summary.exactDuplicates = ledger.duplicates.map(({ path, sameAs }) => ({ path, sameAs }));
    summary.rejected = ledger.rejected;
    const newIds = new Set(ledger.added.map((entry) => entry.id));
    const { images } = await loadDataset(projectRoot, datasetId);
    summary.nearDuplicates = nearDuplicateGroups(
      images.images.filter((image) => image.domain === domain),
      options.nearDuplicateThreshold,
    ).filter((group) => group.imageIds.some((id) => newIds.has(id)));
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

function idsOf(images: ImagesFile, domain: Domain): string[] {
  return images.images.filter((image) => image.domain === domain).map((image) => image.id);
}

export function checkDomain(manifest: DatasetManifest, domain: Domain): void {
  if (domainsOf(manifest.kind).includes(domain)) return;
  throw new ServiceFailure(
    'invalid-args',
    manifest.kind === 'single'
      ? `“${manifest.name}” is one folder of images: import without a domain (A and B are for CycleGAN datasets).`
      : `“${manifest.name}” is a CycleGAN dataset: import into domain A or B.`,
  );
}

/** Failures writing into the project, in words that say what to do. */
function importFailure(error: Error, kept: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const cause =
    code === 'ENOSPC'
      ? 'the disk is full; free some space'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'Ganvas may not write into the project folder; check its permissions'
        : error.message;
  return new Error(`The import stopped: ${cause}. ${kept} images imported before that were saved and kept.`);
}
