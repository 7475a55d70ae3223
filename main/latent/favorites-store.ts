import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { Favorite } from '../contract/index.js';
import { readJsonFile } from '../datasets/json-file.js';
import { writeJsonAtomic } from '../fs/atomic-write.js';
import { ServiceFailure } from '../service/service-error.js';

export const favoritesFile = 'favorites.json';
const schemaVersion = 1;
const FavoritesFile = z.object({ schemaVersion: z.literal(schemaVersion), favorites: z.array(Favorite) });

/**
 * favorites.json of a project: the latents an artist kept. A missing file is no favourites; a
 * damaged one is reported and left as it is (never overwritten by an empty list).
 */
export async function readFavorites(projectRoot: string): Promise<Favorite[]> {
  const reading = await readJsonFile(join(projectRoot, favoritesFile), FavoritesFile, schemaVersion);
  if (reading.ok) return reading.value.favorites;
  if (reading.missing) return [];
  throw new ServiceFailure(
    'conflict',
    `favorites.json cannot be read (${reading.message}); Ganvas leaves it as it is. Move it aside to start a new list.`,
  );
}

export async function addFavorite(
  projectRoot: string,
  favorite: Omit<Favorite, 'id' | 'createdAt'>,
): Promise<Favorite> {
  const favorites = await readFavorites(projectRoot);
  const added: Favorite = { ...favorite, id: randomUUID(), createdAt: Date.now() };
  await writeJsonAtomic(join(projectRoot, favoritesFile), {
    schemaVersion,
    favorites: [...favorites, added],
  });
  return added;
}

export async function removeFavorite(projectRoot: string, id: string): Promise<boolean> {
  const favorites = await readFavorites(projectRoot);
  const kept = favorites.filter((favorite) => favorite.id !== id);
  if (kept.length === favorites.length) return false;
  await writeJsonAtomic(join(projectRoot, favoritesFile), { schemaVersion, favorites: kept });
  return true;
}
