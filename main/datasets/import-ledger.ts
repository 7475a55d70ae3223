import { rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Domain, RejectedFile } from '../contract/index.js';
import type { ImageEntry, ImagesFile, StoredDuplicate, StoredRejection } from './dataset-files.js';
import { updateImages, updateRejected, type LoadedDataset } from './dataset-store.js';
import type { CacheWriter } from './training-cache.js';

const duplicateKey = (path: string, sameAs: string) => `${path}\0${sameAs}`;

/**
 * What one import has done so far, and how it reaches the disk. Saving merges into the lists as they
 * are on disk at that moment (so an exclude made during an import is never overwritten); rolling back
 * removes exactly what this import added.
 */
export class ImportLedger {
  readonly added: ImageEntry[] = [];
  readonly duplicates: StoredDuplicate[] = [];
  readonly rejected: RejectedFile[] = [];
  alreadyPresent = 0;
  /** Images of this import known to be saved for good. */
  savedImages = 0;
  saving = false;

  private readonly resolvedPaths = new Set<string>();
  private readonly knownDuplicates: Set<string>;
  private readonly rejectedBefore: StoredRejection[];
  private readonly initialCacheCount: number;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly projectRoot: string,
    private readonly datasetId: string,
    private readonly domain: Domain,
    private readonly writer: CacheWriter,
    before: LoadedDataset,
    private readonly onSaved?: (savedImages: number) => void,
  ) {
    this.knownDuplicates = new Set(
      before.images.duplicates
        .filter((duplicate) => duplicate.domain === domain)
        .map((duplicate) => duplicateKey(duplicate.path, duplicate.sameAs)),
    );
    this.rejectedBefore = before.rejected.filter((file) => file.domain === domain);
    this.initialCacheCount = writer.count;
  }

  add(entry: ImageEntry): void {
    this.added.push(entry);
    this.resolvedPaths.add(entry.source);
  }

  present(path: string): void {
    this.alreadyPresent++;
    this.resolvedPaths.add(path);
  }

  /** Same bytes as an image already in the domain, under another name: listed once, never stored twice. */
  duplicate(path: string, sameAs: string): void {
    this.resolvedPaths.add(path);
    const key = duplicateKey(path, sameAs);
    if (this.knownDuplicates.has(key)) {
      this.alreadyPresent++;
      return;
    }
    this.knownDuplicates.add(key);
    this.duplicates.push({ path, sameAs, domain: this.domain });
  }

  reject(rejection: RejectedFile): void {
    this.rejected.push(rejection);
  }

  /** Starts a save unless one is running; a failure goes to onError (the import then stops). */
  saveInBackground(onError: (error: Error) => void): void {
    this.saving = true;
    this.chain = this.chain
      .then(() => this.write())
      .catch((error: unknown) => onError(error as Error))
      .finally(() => {
        this.saving = false;
      });
  }

  /** Saves everything done so far (after any save already running). */
  async save(): Promise<void> {
    await this.chain;
    await this.write();
  }

  private async write(): Promise<void> {
    // Snapshot first: every image in it has its cache row written, so commit() covers them all.
    const entries = [...this.added];
    const duplicates = [...this.duplicates];
    const rejections = this.rejected.map((file) => ({ ...file, domain: this.domain }));
    const resolved = new Set(this.resolvedPaths);
    await this.writer.commit();
    await updateImages(this.projectRoot, this.datasetId, (current) =>
      mergeImages(current, entries, duplicates),
    );
    const replaced = new Set([...resolved, ...rejections.map((file) => file.path)]);
    await updateRejected(this.projectRoot, this.datasetId, (current) => [
      // The latest word on each file: one that imports now, or fails anew, drops its old line.
      ...current.filter((file) => file.domain !== this.domain || !replaced.has(file.path)),
      ...rejections,
    ]);
    this.savedImages = entries.length;
    this.onSaved?.(entries.length);
  }

  /** Takes back everything this import added: list entries, cache rows, copied originals, thumbnails. */
  async rollBack(): Promise<void> {
    await this.chain;
    const ids = new Set(this.added.map((entry) => entry.id));
    const duplicates = new Set(this.duplicates.map((each) => duplicateKey(each.path, each.sameAs)));
    const after = await updateImages(this.projectRoot, this.datasetId, (current) => ({
      ...current,
      images: current.images.filter((image) => image.domain !== this.domain || !ids.has(image.id)),
      duplicates: current.duplicates.filter(
        (each) => each.domain !== this.domain || !duplicates.has(duplicateKey(each.path, each.sameAs)),
      ),
    }));
    await updateRejected(this.projectRoot, this.datasetId, (current) => [
      ...current.filter((file) => file.domain !== this.domain),
      ...this.rejectedBefore,
    ]);
    await this.writer.rollBackTo(this.initialCacheCount);
    const stillUsed = new Set(after.images.map((image) => image.id));
    for (const entry of this.added) {
      // A thumbnail is shared by the same image in the other domain of a CycleGAN dataset.
      if (!stillUsed.has(entry.id)) await rm(join(this.projectRoot, entry.thumbnail), { force: true });
      if (!isAbsolute(entry.stored)) await rm(join(this.projectRoot, entry.stored), { force: true });
    }
    this.added.length = 0;
    this.duplicates.length = 0;
    this.rejected.length = 0;
    this.alreadyPresent = 0;
  }
}

function mergeImages(current: ImagesFile, entries: ImageEntry[], duplicates: StoredDuplicate[]): ImagesFile {
  // Entries already on disk keep their saved state (the user may have excluded one since).
  const have = new Set(current.images.map((image) => `${image.domain}\0${image.id}`));
  const haveDuplicates = new Set(
    current.duplicates.map((each) => `${each.domain}\0${duplicateKey(each.path, each.sameAs)}`),
  );
  return {
    ...current,
    images: [...current.images, ...entries.filter((entry) => !have.has(`${entry.domain}\0${entry.id}`))],
    duplicates: [
      ...current.duplicates,
      ...duplicates.filter(
        (each) => !haveDuplicates.has(`${each.domain}\0${duplicateKey(each.path, each.sameAs)}`),
      ),
    ],
  };
}
