import { describe, expect, it } from 'vitest';
import { nearDuplicateGroups } from './near-duplicates.js';

const image = (id: string, phash: string) => ({ id, phash, thumbnail: `thumbs/${id}.jpg` });

describe('nearDuplicateGroups', () => {
  it('links chains of near hashes into one group and reports the widest link', () => {
    const groups = nearDuplicateGroups(
      [
        image('a', '0000000000000000'),
        image('b', '0000000000000007'), // 3 bits from a
        image('c', '000000000000007f'), // 4 bits from b, 7 from a
        image('far', 'ffffffffffffffff'),
        image('alone', '00ff00ff00ff00ff'),
      ],
      4,
    );
    expect(groups).toEqual([
      {
        imageIds: ['a', 'b', 'c'],
        thumbnails: ['thumbs/a.jpg', 'thumbs/b.jpg', 'thumbs/c.jpg'],
        maxDistance: 4,
      },
    ]);
  });

  it('counts every differing bit, high and low halves alike', () => {
    const [group] = nearDuplicateGroups([image('a', 'ffffffffffffffff'), image('b', '0000000000000000')], 64);
    expect(group?.maxDistance).toBe(64);
    const [near] = nearDuplicateGroups([image('a', '80000000ffffffff'), image('b', '000000007fffffff')], 2);
    expect(near?.maxDistance).toBe(2);
  });

  it('finds nothing at threshold 0 unless hashes are equal', () => {
    expect(nearDuplicateGroups([image('a', '0000000000000000'), image('b', '0000000000000001')], 0)).toEqual(
      [],
    );
    expect(
      nearDuplicateGroups([image('a', '0000000000000001'), image('b', '0000000000000001')], 0),
    ).toHaveLength(1);
  });

  it('compares 10,000 images in well under two seconds', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0).toString(16).padStart(8, '0');
    const images = Array.from({ length: 10_000 }, (_, i) => image(`i${i}`, random() + random()));
    const started = performance.now();
    nearDuplicateGroups(images, 6);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
