import type { exploreCalls, favoriteCalls, LatentSpec } from '../contract/index.js';
import { nameDirection, readDirectionNames } from '../latent/direction-names.js';
import { addFavorite, readFavorites, removeFavorite } from '../latent/favorites-store.js';
import type { Latent } from '../latent/interpolate.js';
import { resolveLatent, usesDirections } from '../latent/resolve-latent.js';
import type { ProjectLookup } from '../projects/project-lookup.js';
import { listCheckpoints, runFolder } from '../training/run-files.js';
import { readRun } from '../training/run-store.js';
import type { DirectionsResult, RenderResult } from '../training/tasks/render-task.js';
import type { ExplorerProcess } from './explorer-process.js';
import type { HandlersFor } from './handler-types.js';
import { requireDcgan } from './require-dcgan.js';

export interface ExploreDeps {
  projects: ProjectLookup;
  explorer: Pick<ExplorerProcess, 'run'>;
}

/** Directions are found once per checkpoint (a few seconds) and kept. */
const directionsKept = 8;
const directionCount = 32;

/** The latent explorer: describes latents, resolves them here, and draws them in the explorer process. */
export function exploreHandlers(
  deps: ExploreDeps,
): HandlersFor<typeof exploreCalls> & HandlersFor<typeof favoriteCalls> {
  const cache = new Map<string, Promise<DirectionsResult>>();

  const directionsOf = async (root: string, runId: string, wanted: number | null, useEma: boolean) => {
    // "Newest" is resolved to its step first, so the cache holds it like any other checkpoint.
    const step = wanted ?? (await listCheckpoints(runFolder(root, runId))).at(-1)?.step ?? null;
    const key = `${root}:${runId}:${step ?? 'none'}:${useEma}`;
    let found = cache.get(key);
    if (!found) {
      found = deps.explorer.run({
        kind: 'directions',
        projectRoot: root,
        runId,
        step,
        count: directionCount,
        samples: 512,
        useEma,
      }) as Promise<DirectionsResult>;
      found.catch(() => cache.delete(key));
      cache.set(key, found);
      if (cache.size > directionsKept) cache.delete(cache.keys().next().value ?? '');
    }
    return found;
  };

  return {
    'latent:render': async ({ projectId, runId, step, useEma, specs, channel }) => {
      const root = deps.projects.root(projectId);
      const run = requireDcgan(await readRun(root, runId));
      const at = step ?? null;
      const directions: Latent[] = specs.some(usesDirections)
        ? (await directionsOf(root, runId, at, useEma)).directions.map((d) => Float32Array.from(d))
        : [];
      const latents = specs.map((spec: LatentSpec) =>
        Array.from(resolveLatent(spec, run.settings.latentDim, directions)),
      );
      const rendered = (await deps.explorer.run(
        { kind: 'render', projectRoot: root, runId, step: at, latents, useEma },
        channel,
      )) as RenderResult;
      return {
        step: rendered.step,
        size: rendered.size,
        images: rendered.images.map((png) => `data:image/png;base64,${png}`),
      };
    },

    'favorites:list': async ({ projectId }) => readFavorites(deps.projects.root(projectId)),
    'favorites:add': async ({ projectId, ...favorite }) =>
      addFavorite(deps.projects.root(projectId), favorite),
    'favorites:remove': async ({ projectId, id }) => ({
      removed: await removeFavorite(deps.projects.root(projectId), id),
    }),

    'latent:directions': async ({ projectId, runId, step, useEma, count }) => {
      const root = deps.projects.root(projectId);
      const run = requireDcgan(await readRun(root, runId));
      const found = await directionsOf(root, runId, step ?? null, useEma);
      const names = await readDirectionNames(root, runId, found.step);
      return {
        step: found.step,
        latentDim: run.settings.latentDim,
        directions: found.variances
          .slice(0, count)
          .map((variance, index) => ({ index, variance, name: names.get(index) ?? null })),
      };
    },

    'latent:name-direction': async ({ projectId, runId, step, index, name }) => {
      const root = deps.projects.root(projectId);
      await readRun(root, runId);
      await nameDirection(root, { runId, step, index, name });
      return { named: name.length > 0 };
    },
  };
}
