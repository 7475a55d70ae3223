import { rm } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { datasetCalls, Domain } from '../contract/index.js';
import { cacheStatus } from '../datasets/cache-index.js';
import { datasetDir, domainsOf, type DatasetManifest } from '../datasets/dataset-files.js';
import { datasetReport } from '../datasets/dataset-report.js';
import {
  createDataset,
  loadDataset,
  summarise,
  updateImages,
  updateManifest,
} from '../datasets/dataset-store.js';
import { checkDomain, importImages } from '../datasets/import-images.js';
import { nearDuplicateGroups } from '../datasets/near-duplicates.js';
import { rebuildCache } from '../datasets/rebuild-cache.js';
import type { UploadStore } from '../datasets/upload-store.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { ProjectLookup } from '../projects/project-lookup.js';
import { moveToTrash, type TrashItem } from '../projects/trash.js';
import { DatasetJobs } from './dataset-jobs.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';

export interface DatasetDeps {
  projects: ProjectLookup;
  jobs: JobRegistry;
  uploads: UploadStore;
  /** The system trash where the shell has one (Electron: shell.trashItem); else the freedesktop/macOS trash. */
  trashItem?: TrashItem;
}

/** How often an import's saves may announce projects:changed (counts in the project list). */
const changedIntervalMs = 1500;

/** Datasets: create, import (as jobs in this process), browse, curate, report, delete. */
export function datasetHandlers(deps: DatasetDeps): HandlersFor<typeof datasetCalls> {
  const { projects, uploads } = deps;
  const work = new DatasetJobs(deps.jobs);
  const keyOf = (root: string, datasetId: string) => datasetDir(root, datasetId);
  const announce = (projectId: string) => projects.changed(projectId).then(() => undefined);

  function startRebuild(
    projectId: string,
    root: string,
    before: DatasetManifest,
    after: DatasetManifest,
    release: () => void,
  ) {
    const settingsOf = ({ resolution, fit, background }: DatasetManifest) => ({
      resolution,
      fit,
      background,
    });
    const sameSettings = (a: DatasetManifest, b: DatasetManifest) =>
      JSON.stringify(settingsOf(a)) === JSON.stringify(settingsOf(b));
    let finished = false;
    return work.start(
      'datasets:rebuild-cache',
      `Rebuilding “${after.name}” at ${after.resolution} px`,
      release,
      async ({ signal, onProgress, warn }) => {
        const result = await rebuildCache({
          projectRoot: root,
          datasetId: after.id,
          signal,
          onProgress,
          thumbnailsStale: before.background.toLowerCase() !== after.background.toLowerCase(),
        });
        finished = !result.cancelled;
        if (result.fromThumbnail.length > 0) {
          warn(
            `${result.fromThumbnail.length} originals could not be read (moved or deleted?); those images were rendered ` +
              `from their thumbnails. Put the originals back and change a setting to render them fully. First: ${result.fromThumbnail[0]}`,
          );
        }
        if (result.unavailable.length > 0) {
          warn(
            `${result.unavailable.length} images have neither original nor thumbnail; exclude them. First: ${result.unavailable[0]}`,
          );
        }
        return result;
      },
      async () => {
        // Cancelled or failed: the old cache is untouched, so the old settings come back with it.
        if (!finished && !sameSettings(before, after)) {
          await updateManifest(root, after.id, (current) =>
            sameSettings(current, after) ? { ...current, ...settingsOf(before) } : current,
          );
        }
        await announce(projectId);
      },
    );
  }

  return {
    'datasets:create': async ({ projectId, ...settings }) => {
      const created = await createDataset(projects.root(projectId), settings);
      await announce(projectId);
      return created;
    },

    'datasets:update': async ({ projectId, datasetId, ...changes }) => {
      const root = projects.root(projectId);
      const { manifest: before, images } = await loadDataset(root, datasetId);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      const wanted = { ...before, ...defined };
      const settingsChange =
        wanted.resolution !== before.resolution ||
        wanted.fit !== before.fit ||
        wanted.background.toLowerCase() !== before.background.toLowerCase();
      // Applying unchanged settings also repairs a cache an interrupted rebuild left stale.
      let stale = false;
      for (const domain of domainsOf(before.kind)) {
        const ids = images.images.filter((image) => image.domain === domain).map((image) => image.id);
        stale ||= !(await cacheStatus(root, before, domain, ids)).ok;
      }
      // Claimed before anything changes: a dataset busy importing refuses new settings, untouched.
      const release =
        settingsChange || stale ? work.claim(keyOf(root, datasetId), { kind: 'rebuild' }) : null;
      let after: DatasetManifest;
      try {
        after = await updateManifest(root, datasetId, (current) => ({ ...current, ...defined }));
      } catch (error) {
        release?.();
        throw error;
      }
      const rebuildJobId = release ? startRebuild(projectId, root, before, after, release) : null;
      await announce(projectId);
      const { images: latest, rejected } = await loadDataset(root, datasetId);
      return { dataset: summarise(after, latest, rejected), rebuildJobId };
    },

    'datasets:delete': async ({ projectId, datasetId }) => {
      const root = projects.root(projectId);
      await loadDataset(root, datasetId);
      const release = work.claim(keyOf(root, datasetId), { kind: 'delete' });
      try {
        const dir = datasetDir(root, datasetId);
        // The system trash (restorable); only where there is none at all is it deleted outright.
        if (deps.trashItem) await deps.trashItem(dir);
        else if (!(await moveToTrash(dir))) await rm(dir, { recursive: true, force: true });
      } finally {
        release();
      }
      await announce(projectId);
      return { deleted: true };
    },

    'datasets:import': async ({ projectId, datasetId, domain, source, nearDuplicateThreshold }) => {
      const root = projects.root(projectId);
      const { manifest } = await loadDataset(root, datasetId);
      checkDomain(manifest, domain);
      let paths: string[];
      let uploadFolder: string | null = null;
      if (source.kind === 'upload') {
        uploadFolder = uploads.folder(source.uploadId);
        if (!uploadFolder?.startsWith(join(root, '.uploads') + sep)) {
          throw new ServiceFailure(
            'not-found',
            'That upload has ended or belongs to another project; drop the files again.',
          );
        }
        paths = [uploadFolder];
      } else {
        paths = source.paths;
      }
      const release = work.claim(keyOf(root, datasetId), { kind: 'import', domain });
      const staging = uploadFolder;
      let lastChanged = 0;
      const onSaved = () => {
        if (Date.now() - lastChanged < changedIntervalMs) return;
        lastChanged = Date.now();
        void announce(projectId).catch(() => undefined);
      };
      const jobId = work.start(
        'datasets:import',
        `Importing into “${manifest.name}”${domain === 'main' ? '' : ` (${domain})`}`,
        release,
        ({ signal, keepPartial, onProgress }) =>
          importImages({
            projectRoot: root,
            datasetId,
            domain,
            paths,
            nearDuplicateThreshold,
            signal,
            keepPartial,
            onProgress,
            onSaved,
            // An upload is shown by the paths the user dropped, and always copied (its staging folder goes).
            ...(staging
              ? {
                  label: (path: string) => path.slice(staging.length + 1).replaceAll('\\', '/') || path,
                  forceCopy: true,
                }
              : {}),
          }),
        async () => {
          if (source.kind === 'upload') await uploads.discard(source.uploadId);
          await announce(projectId);
        },
      );
      return { jobId };
    },

    'datasets:images': async ({ projectId, datasetId, domain, filter, offset, limit }) => {
      const { images } = await loadDataset(projects.root(projectId), datasetId);
      const matching = images.images.filter(
        (image) =>
          (domain === undefined || image.domain === domain) &&
          (filter === 'all' || (filter === 'excluded') === image.excluded),
      );
      return {
        total: matching.length,
        images: matching.slice(offset, offset + limit).map((image) => ({
          id: image.id,
          domain: image.domain,
          thumbnail: image.thumbnail,
          source: image.source,
          width: image.width,
          height: image.height,
          format: image.format,
          excluded: image.excluded,
        })),
      };
    },

    'datasets:set-excluded': async ({ projectId, datasetId, imageIds, excluded }) => {
      const root = projects.root(projectId);
      const ids = new Set(imageIds);
      const next = await updateImages(root, datasetId, (current) => ({
        ...current,
        images: current.images.map((image) =>
          ids.has(image.id) && image.excluded !== excluded ? { ...image, excluded } : image,
        ),
      }));
      await announce(projectId);
      const { manifest, rejected } = await loadDataset(root, datasetId);
      return summarise(manifest, next, rejected);
    },

    'datasets:report': async ({ projectId, datasetId }) => datasetReport(projects.root(projectId), datasetId),

    'datasets:near-duplicates': async ({ projectId, datasetId, threshold }) => {
      const { manifest, images } = await loadDataset(projects.root(projectId), datasetId);
      return domainsOf(manifest.kind).flatMap((domain: Domain) =>
        nearDuplicateGroups(
          images.images.filter((image) => image.domain === domain),
          threshold,
        ),
      );
    },

    'uploads:begin': async ({ projectId }) => uploads.begin(projects.root(projectId)),
  };
}
