import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LatentPoint } from '../contract/index.js';
import { makeProject } from '../datasets/test-support/fixtures.js';
import { addFavorite, favoritesFile, readFavorites, removeFavorite } from './favorites-store.js';

const point = LatentPoint.parse({ seed: 42, truncation: 0.7, moves: [{ direction: 2, amount: -1.5 }] });

describe('favourites', () => {
  it('round-trips a latent with its run and checkpoint, exactly', async () => {
    const root = await makeProject();
    expect(await readFavorites(root)).toEqual([]);
    const added = await addFavorite(root, { name: 'Blue moth', runId: 'r1', step: 300, useEma: true, point });
    expect(await readFavorites(root)).toEqual([added]);
    expect(added.point).toEqual(point);
    expect(await removeFavorite(root, added.id)).toBe(true);
    expect(await removeFavorite(root, added.id)).toBe(false);
    expect(await readFavorites(root)).toEqual([]);
  });

  it('reports a damaged file and does not overwrite it', async () => {
    const root = await makeProject();
    await writeFile(join(root, favoritesFile), '{"schemaVersion":1,"favorites":[{"na');
    await expect(readFavorites(root)).rejects.toThrow(/favorites.json cannot be read/);
    await expect(
      addFavorite(root, { name: 'x', runId: 'r1', step: 1, useEma: true, point }),
    ).rejects.toThrow();
  });
});
