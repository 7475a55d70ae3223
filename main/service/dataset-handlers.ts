import { rm } from 'node:fs/promises';
import type { datasetCalls, Domain, JobProgress } from '../contract/index.js';
import { datasetDir, domainsOf } from '../datasets/dataset-files.js';
import {
  createDataset,
  loadDataset,
  saveImages,
  saveManifest,
  summarise,
} from '../datasets/dataset-store.js';
import { datasetReport } from '../datasets/dataset-report.js';
import { importImages } from '../datasets/import-images.js';
import { nearDuplicateGroups } from '../datasets/near-duplicates.js';
import { rebuildCache } from '../datasets/rebuild-cache.js';
import type { UploadStore } from '../datasets/upload-store.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { ProjectLookup } from '../projects/project-lookup.js';
import { moveToTrash, type TrashItem } from '../projects/trash.js';
import type { HandlersFor } from './handler-types.js';
import { ServiceFailure } from './service-error.js';

export interface DatasetDeps {
  projects: ProjectLookup;
  jobs: JobRegistry;
  uploads: UploadStore;
  trashItem?: TrashItem;
}

/** Progress events at most a few times a second; the final state always goes out with the job's end. */
function throttled(
  report: (progress: JobProgress) => void,
  intervalMs = 250,
): (progress: JobProgress) => void {
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (now - last >= intervalMs || progress.fraction === 1) {
      last = now;
      report(progress);
    }
  };
}

/** Datasets: import as jobs in this process (sharp is asynchronous; the event loop stays free), browse, curate. */
export function datasetHandlers(deps: DatasetDeps): HandlersFor<typeof datasetCalls> {
  const { projects, jobs, uploads } = deps;
  // One import or rebuild at a time per dataset: two writers would interleave the cache.
  const busy = new Set<string>();

  function startJob(
    kind: 'datasets:import' | 'datasets:rebuild-cache',
    key: string,
    title: string,
    run: (
      signal: AbortSignal,
      keepPartial: () => boolean,
      onProgress: (p: JobProgress) => void,
    ) => Promise<unknown>,
    after: () => Promise<void>,
  ): string {
    if (busy.has(key))
      throw new ServiceFailure(
        'conflict',
        'This dataset is already importing or rebuilding; wait for it or cancel it.',
      );
    busy.add(key);
    const controller = new AbortController();
    let keep = true;
    const job = jobs.create(kind, title, (keepPartial) => {
      keep = keepPartial;
      controller.abort();
    });
    void run(
      controller.signal,
      () => keep,
      throttled((progress) => jobs.progress(job.id, progress)),
    )
      .then(
        (result) => (controller.signal.aborted ? jobs.cancelled(job.id) : jobs.finish(job.id, result)),
        (error: unknown) => jobs.fail(job.id, (error as Error).message),
      )
      .finally(() => {
        busy.delete(key);
        void after().catch(() => undefined);
      });
    return job.id;
  }

  async function dataset(projectId: string, datasetId: string) {
    return loadDataset(projects.root(projectId), datasetId);
  }

  return {
    'datasets:create': async ({ projectId, ...settings }) => {
      const created = await createDataset(projects.root(projectId), settings);
      await projects.changed(projectId);
      return created;
    },

    'datasets:update': async ({ projectId, datasetId, ...changes }) => {
      const root = projects.root(projectId);
      const { manifest, images, rejected } = await loadDataset(root, datasetId);
      const next = {
        ...manifest,
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      };
      await saveManifest(root, next);
      const needsRebuild =
        next.resolution !== manifest.resolution ||
        next.fit !== manifest.fit ||
        next.background !== manifest.background;
      const rebuildJobId = needsRebuild
        ? startJob(
            'datasets:rebuild-cache',
            `${projectId}/${datasetId}`,
            `Rebuilding ${next.name} at ${next.resolution} px`,
            (signal, _keep, onProgress) => rebuildCache({ projectRoot: root, datasetId, signal, onProgress }),
            async () => void (await projects.changed(projectId)),
          )
        : null;
      await projects.changed(projectId);
      return { dataset: summarise(next, images, rejected), rebuildJobId };
    },

    'datasets:delete': async ({ projectId, datasetId }) => {
      const root = projects.root(projectId);
      await loadDataset(root, datasetId);
      const dir = datasetDir(root, datasetId);
      if (deps.trashItem) await deps.trashItem(dir);
      else if (!(await moveToTrash(dir))) await rm(dir, { recursive: true, force: true });
      await projects.changed(projectId);
      return { deleted: true };
    },

    'datasets:import': async ({ projectId, datasetId, domain, source, nearDuplicateThreshold }) => {
      const root = projects.root(projectId);
      const { manifest } = await loadDataset(root, datasetId);
      const uploadFolder = source.kind === 'upload' ? uploads.folder(source.uploadId) : null;
      if (source.kind === 'upload' && !uploadFolder) {
        throw new ServiceFailure('not-found', 'That upload has ended or never began; drop the files again.');
      }
      const paths = source.kind === 'paths' ? source.paths : [uploadFolder as string];
      const label = uploadFolder ? (path: string) => path.slice(uploadFolder.length + 1) || path : undefined;
      return {
        jobId: startJob(
          'datasets:import',
          `${projectId}/${datasetId}`,
          `Importing into ${manifest.name}${domain === 'main' ? '' : ` (${domain})`}`,
          (signal, keepPartial, onProgress) =>
            importImages({
              projectRoot: root,
              datasetId,
              domain,
              paths,
              nearDuplicateThreshold,
              signal,
              keepPartial,
              onProgress,
              ...(label ? { label } : {}),
            }),
          async () => {
            if (source.kind === 'upload') await uploads.discard(source.uploadId);
            await projects.changed(projectId);
          },
        ),
      };
    },

    'datasets:images': async ({ projectId, datasetId, domain, filter, offset, limit }) => {
      const { images } = await dataset(projectId, datasetId);
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
      const { manifest, images, rejected } = await loadDataset(root, datasetId);
      const ids = new Set(imageIds);
      const next = {
        ...images,
        images: images.images.map((image) => (ids.has(image.id) ? { ...image, excluded } : image)),
      };
      await saveImages(root, datasetId, next);
      await projects.changed(projectId);
      return summarise(manifest, next, rejected);
    },

    'datasets:report': async ({ projectId, datasetId }) => datasetReport(projects.root(projectId), datasetId),

    'datasets:near-duplicates': async ({ projectId, datasetId, threshold }) => {
      const { manifest, images } = await dataset(projectId, datasetId);
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
