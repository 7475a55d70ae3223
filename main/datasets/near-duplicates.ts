import type { NearDuplicateGroup } from '../contract/index.js';
import { hashHalves } from './perceptual-hash.js';

/**
 * Groups images whose perceptual hashes differ in at most `threshold` of 64 bits (single linkage, by
 * union-find). All pairs are compared, each as two uint32 XORs and popcounts: 10,000 images are
 * 50 million comparisons, well under a second. Memory stays linear however many pairs link.
 */
export function nearDuplicateGroups(
  images: ReadonlyArray<{ id: string; phash: string; thumbnail: string }>,
  threshold: number,
): NearDuplicateGroup[] {
  const count = images.length;
  const halves = hashHalves(images.map((image) => image.phash));
  const parent = new Int32Array(count).map((_, i) => i);
  const maxDistance = new Uint8Array(count);
  const linked = new Uint8Array(count);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    while (parent[i] !== root) {
      const next = parent[i] ?? root;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const highs = new Int32Array(count);
  const lows = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    highs[i] = halves[i * 2] ?? 0;
    lows[i] = halves[i * 2 + 1] ?? 0;
  }
  for (let i = 0; i < count; i++) {
    const high = highs[i] as number;
    const low = lows[i] as number;
    for (let j = i + 1; j < count; j++) {
      // The hot loop (50 million times for 10,000 images): popcount inlined, the low half only when needed.
      const first = bitCount(high ^ (highs[j] as number));
      if (first > threshold) continue;
      const distance = first + bitCount(low ^ (lows[j] as number));
      if (distance > threshold) continue;
      linked[i] = 1;
      linked[j] = 1;
      const a = find(i);
      const b = find(j);
      const widest = Math.max(maxDistance[a] ?? 0, maxDistance[b] ?? 0, distance);
      parent[a] = b;
      maxDistance[b] = widest;
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    if (!linked[i]) continue;
    const root = find(i);
    const members = groups.get(root) ?? [];
    members.push(i);
    groups.set(root, members);
  }
  return [...groups.entries()].map(([root, members]) => ({
    imageIds: members.map((i) => images[i]?.id ?? ''),
    thumbnails: members.map((i) => images[i]?.thumbnail ?? ''),
    maxDistance: maxDistance[root] ?? 0,
  }));
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
