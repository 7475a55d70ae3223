import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Domain, FitMode, HexColor, Resolution, SafeId } from '../contract/index.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { datasetDir, type DatasetManifest } from './dataset-files.js';
import { readJsonFile } from './json-file.js';

/**
 * The training cache of one domain is two files in `cache/`: `<domain>-<res>.u8`, every image as
 * res·res·3 bytes of RGB one after another, and `<domain>-<res>.json`, the ids of those images in
 * order plus the settings they were rendered with. The index is written only after the bytes it
 * counts are fsynced, so it never claims more than the data file holds; bytes past it are the
 * unsaved tail of an interrupted import, cut by the next writer.
 */
export const CacheIndex = z.object({
  schemaVersion: z.literal(1),
  domain: Domain,
  resolution: Resolution,
  fit: FitMode,
  background: HexColor,
  ids: z.array(SafeId),
});
export type CacheIndex = z.infer<typeof CacheIndex>;

export interface CacheFiles {
  data: string;
  index: string;
}

export function cacheFiles(
  projectRoot: string,
  datasetId: string,
  domain: Domain,
  resolution: number,
): CacheFiles {
  const base = join(datasetDir(projectRoot, datasetId), 'cache', `${domain}-${resolution}`);
  return { data: `${base}.u8`, index: `${base}.json` };
}

export function emptyCacheIndex(manifest: DatasetManifest, domain: Domain): CacheIndex {
  const { resolution, fit, background } = manifest;
  return { schemaVersion: 1, domain, resolution, fit, background, ids: [] };
}

export async function writeCacheIndex(path: string, index: CacheIndex): Promise<void> {
  // Compact: ten thousand ids are read by every training run.
  await writeFileAtomic(path, JSON.stringify(index));
}

export type CacheStatus =
  | { ok: true; index: CacheIndex; positions: Map<string, number>; files: CacheFiles }
  | { ok: false; reason: string; files: CacheFiles; index: CacheIndex | null };

/**
 * Whether a domain's cache can be trained on as it is: present, rendered with the dataset's current
 * settings, as long as its index says, and holding every image the dataset lists.
 */
export async function cacheStatus(
  projectRoot: string,
  manifest: DatasetManifest,
  domain: Domain,
  recordIds: readonly string[],
): Promise<CacheStatus> {
  const files = cacheFiles(projectRoot, manifest.id, domain, manifest.resolution);
  const reading = await readJsonFile(files.index, CacheIndex, 1);
  if (!reading.ok) {
    if (reading.missing && recordIds.length === 0) {
      const index = emptyCacheIndex(manifest, domain);
      return { ok: true, index, positions: new Map(), files };
    }
    const why = reading.missing ? 'has not been built' : `index ${reading.message}`;
    return { ok: false, reason: why, files, index: null };
  }
  const index = reading.value;
  const settingsDiffer =
    index.resolution !== manifest.resolution ||
    index.fit !== manifest.fit ||
    index.background.toLowerCase() !== manifest.background.toLowerCase();
  if (settingsDiffer) {
    return {
      ok: false,
      reason: `was made for ${index.resolution} px, ${index.fit}, ${index.background}; the dataset is now ${manifest.resolution} px, ${manifest.fit}, ${manifest.background}`,
      files,
      index,
    };
  }
  const imageBytes = manifest.resolution * manifest.resolution * 3;
  const size = await stat(files.data).then(
    (stats) => stats.size,
    () => 0,
  );
  if (size < index.ids.length * imageBytes) {
    return { ok: false, reason: 'is shorter than its index (damaged)', files, index };
  }
  const positions = new Map(index.ids.map((id, position) => [id, position]));
  const missing = recordIds.filter((id) => !positions.has(id)).length;
  if (missing > 0) return { ok: false, reason: `lacks ${missing} of the dataset's images`, files, index };
  return { ok: true, index, positions, files };
}
