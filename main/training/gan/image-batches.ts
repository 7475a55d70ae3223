import * as tf from '@tensorflow/tfjs';
import { randomFor } from '../../random/counter-random.js';

/** Where the data order stands: a checkpoint keeps it so a resume draws the very next batch. */
export interface DataCursor {
  epoch: number;
  /** Images of this epoch's order already used. */
  position: number;
}

/**
 * Mini-batches from the training cache (uint8 RGB rows), in a shuffled order per epoch that is a
 * function of (seed, epoch): an epoch's order never needs saving, only the cursor into it. Bytes
 * become floats in [-1, 1] (tanh's range, Radford et al.) one batch at a time, so a large dataset
 * stays compact in memory.
 */
export class ImageBatches {
  private order: Uint32Array;
  private orderEpoch = -1;

  constructor(
    private readonly images: Uint8Array,
    readonly count: number,
    readonly size: number,
    private readonly seed: number,
    public cursor: DataCursor = { epoch: 0, position: 0 },
  ) {
    if (count < 1) throw new Error('There are no training images.');
    this.order = new Uint32Array(count);
  }

  /** The next `batchSize` images as a [batch, size, size, 3] tensor; the caller disposes it. */
  next(batchSize: number): tf.Tensor4D {
    const pixels = this.size * this.size * 3;
    const out = new Float32Array(batchSize * pixels);
    for (let b = 0; b < batchSize; b++) {
      if (this.cursor.position >= this.count) this.cursor = { epoch: this.cursor.epoch + 1, position: 0 };
      const index = this.orderOf(this.cursor.epoch)[this.cursor.position] ?? 0;
      this.cursor = { ...this.cursor, position: this.cursor.position + 1 };
      const row = this.images.subarray(index * pixels, (index + 1) * pixels);
      for (let i = 0; i < pixels; i++) out[b * pixels + i] = (row[i] ?? 0) / 127.5 - 1;
    }
    return tf.tensor4d(out, [batchSize, this.size, this.size, 3]);
  }

  /** Fisher–Yates shuffle of 0..count-1 from the epoch's own random stream. */
  private orderOf(epoch: number): Uint32Array {
    if (epoch === this.orderEpoch) return this.order;
    const random = randomFor(this.seed, 0x0da7a, epoch);
    for (let i = 0; i < this.count; i++) this.order[i] = i;
    for (let i = this.count - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swap = this.order[i] ?? 0;
      this.order[i] = this.order[j] ?? 0;
      this.order[j] = swap;
    }
    this.orderEpoch = epoch;
    return this.order;
  }
}

/**
 * Shrinks square RGB images by a power-of-two factor with a box filter (the mean of each
 * factor×factor block), for a model smaller than the dataset's cache.
 */
export function downsampleImages(images: Uint8Array, count: number, from: number, to: number): Uint8Array {
  if (from === to) return images;
  const factor = from / to;
  if (!Number.isInteger(factor) || factor < 1 || (factor & (factor - 1)) !== 0) {
    throw new Error(`Cannot shrink ${from} px images to ${to} px.`);
  }
  const out = new Uint8Array(count * to * to * 3);
  const area = factor * factor;
  for (let n = 0; n < count; n++) {
    const source = n * from * from * 3;
    const target = n * to * to * 3;
    for (let y = 0; y < to; y++) {
      for (let x = 0; x < to; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let dy = 0; dy < factor; dy++) {
            const row = source + ((y * factor + dy) * from + x * factor) * 3 + c;
            for (let dx = 0; dx < factor; dx++) sum += images[row + dx * 3] ?? 0;
          }
          out[target + (y * to + x) * 3 + c] = Math.round(sum / area);
        }
      }
    }
  }
  return out;
}
