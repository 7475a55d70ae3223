import { describe, expect, it } from 'vitest';
import { randomFor } from '../random/counter-random.js';
import { ImagePool } from './image-pool.js';

const image = (value: number) => new Float32Array([value, value, value]);

describe('ImagePool (Shrivastava et al.; 50 images in Zhu et al.)', () => {
  it('returns new images unchanged and keeps them while it is filling up', () => {
    const pool = new ImagePool(3, 3);
    const random = randomFor(1);
    expect(pool.query([image(1), image(2)], random).map((i) => i[0])).toEqual([1, 2]);
    expect(pool.query([image(3)], random).map((i) => i[0])).toEqual([3]);
    expect(pool.size).toBe(3);
  });

  it('once full, hands back a stored image about half the time and stores the new one in its place', () => {
    const pool = new ImagePool(50, 3);
    const random = randomFor(2);
    pool.query(
      Array.from({ length: 50 }, (_, i) => image(i)),
      random,
    );
    let older = 0;
    const draws = 2000;
    for (let n = 0; n < draws; n++) {
      const fresh = 1000 + n;
      const [out] = pool.query([image(fresh)], random);
      if (out?.[0] !== fresh) older += 1;
    }
    expect(older / draws).toBeGreaterThan(0.45);
    expect(older / draws).toBeLessThan(0.55);
    // Swaps keep the pool at its size, and the images handed back were really stored before.
    expect(pool.size).toBe(50);
    const stored = new Set(Array.from(pool.contents().filter((_, i) => i % 3 === 0)));
    expect(stored.size).toBe(50);
  });

  it('the same random numbers give the same swaps, and contents() restores into an equal pool', () => {
    const run = () => {
      const pool = new ImagePool(4, 3);
      const random = randomFor(9);
      const out: number[] = [];
      for (let n = 0; n < 20; n++) out.push(...pool.query([image(n)], random).map((i) => i[0] ?? NaN));
      return { out, pool };
    };
    const first = run();
    expect(run().out).toEqual(first.out);
    const copy = new ImagePool(4, 3);
    copy.restore(first.pool.contents());
    expect(copy.contents()).toEqual(first.pool.contents());
    const [a] = first.pool.query([image(99)], randomFor(5));
    const [b] = copy.query([image(99)], randomFor(5));
    expect(a).toEqual(b);
  });

  it('with no capacity passes images straight through', () => {
    const pool = new ImagePool(0, 3);
    expect(pool.query([image(7)], randomFor(1))[0]?.[0]).toBe(7);
    expect(pool.size).toBe(0);
  });

  it('refuses an image of the wrong size and a saved pool that does not fit', () => {
    const pool = new ImagePool(2, 3);
    expect(() => pool.query([new Float32Array(4)], randomFor(1))).toThrow(/does not fit/);
    expect(() => pool.restore(new Float32Array(7))).toThrow(/partial image/);
    expect(() => pool.restore(new Float32Array(9))).toThrow(/more than 2/);
  });
});
