import type { NearDuplicateGroup } from '../contract/index.js';
import { hammingDistance, hashHalves } from './perceptual-hash.js';

/**
 * Groups images whose perceptual hashes differ in at most `threshold` bits (single linkage, by
 * union-find). All pairs are compared: 10,000 images are 50 million XOR-and-popcounts, well under a second.
 */
export function nearDuplicateGroups(
  images: ReadonlyArray<{ id: string; phash: string; thumbnail: string }>,
  threshold: number,
): NearDuplicateGroup[] {
  const halves = hashHalves(images.map((image) => image.phash));
  const parent = images.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const grand = parent[parent[i] ?? i] ?? i;
      parent[i] = grand;
      i = grand;
    }
    return i;
  };
  const linked: Array<[number, number, number]> = [];
  for (let i = 0; i < images.length; i++) {
    for (let j = i + 1; j < images.length; j++) {
      const distance = hammingDistance(halves, i, j);
      if (distance <= threshold) {
        linked.push([i, j, distance]);
        parent[find(i)] = find(j);
      }
    }
  }
  const groups = new Map<number, { members: Set<number>; maxDistance: number }>();
  for (const [i, j, distance] of linked) {
    const root = find(i);
    const group = groups.get(root) ?? { members: new Set<number>(), maxDistance: 0 };
    group.members.add(i).add(j);
    group.maxDistance = Math.max(group.maxDistance, distance);
    groups.set(root, group);
  }
  return [...groups.values()].map((group) => {
    const members = [...group.members].sort((a, b) => a - b);
    return {
      imageIds: members.map((i) => images[i]?.id ?? ''),
      thumbnails: members.map((i) => images[i]?.thumbnail ?? ''),
      maxDistance: group.maxDistance,
    };
  });
}
