/**
 * The history of generated images that the discriminators are updated with (Shrivastava et al.,
 * 2017; Zhu et al., section 4 keep 50): once the pool is full, each new image is, with probability
 * ½, swapped for a random stored one, so D also sees what G produced a while ago and G cannot
 * chase D round in circles. Images are flat float arrays of one fixed size; the random source is
 * injected (counter-based in training), so a resumed run draws the same swaps.
 */
export class ImagePool {
  private readonly images: Float32Array[] = [];

  constructor(
    readonly capacity: number,
    readonly imageLength: number,
  ) {}

  get size(): number {
    return this.images.length;
  }

  /** Images for D in place of `generated` (same count and order); the pool keeps copies. */
  query(generated: readonly Float32Array[], random: () => number): Float32Array[] {
    if (this.capacity === 0) return generated.map((image) => image.slice());
    return generated.map((image) => {
      this.check(image);
      if (this.images.length < this.capacity) {
        this.images.push(image.slice());
        return image.slice();
      }
      if (random() < 0.5) return image.slice();
      const index = Math.min(this.capacity - 1, Math.floor(random() * this.capacity));
      const stored = this.images[index] as Float32Array;
      this.images[index] = image.slice();
      return stored;
    });
  }

  /** Everything stored, for a checkpoint: `size` images one after another. */
  contents(): Float32Array {
    const out = new Float32Array(this.images.length * this.imageLength);
    this.images.forEach((image, i) => out.set(image, i * this.imageLength));
    return out;
  }

  /** Replaces the stored images with a checkpoint's. */
  restore(values: Float32Array): void {
    if (values.length % this.imageLength !== 0) throw new Error('The saved image pool has a partial image.');
    const count = values.length / this.imageLength;
    if (count > this.capacity)
      throw new Error(`The saved image pool holds ${count} images, more than ${this.capacity}.`);
    this.images.length = 0;
    for (let i = 0; i < count; i++)
      this.images.push(values.slice(i * this.imageLength, (i + 1) * this.imageLength));
  }

  private check(image: Float32Array): void {
    if (image.length !== this.imageLength) {
      throw new Error(`An image of ${image.length} values does not fit a pool of ${this.imageLength}.`);
    }
  }
}
