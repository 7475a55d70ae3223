import { seededRandom } from '../../random/seeded-random.js';

/**
 * Images are compared as 8×8 block averages: the layout of shapes and colours, which is what mode
 * collapse takes away. At full resolution, pixel noise (or an untrained generator's speckle) would
 * count as variety, and 64 images at 128 px would cost 2016 pairs × 49k values per sample tick.
 */
export const diversityGrid = 8;

/** How many real images are compared to estimate a dataset's diversity (2016 pairs). */
export const realDiversityImages = 64;

/**
 * How different the images of a batch are from one another: the mean, over all pairs of images, of
 * the root-mean-square difference of their 8×8 block averages, in the [-1, 1] pixel units of tanh's
 * output (so 0 for identical images, at most 2). The mean over pairs does not depend on how many
 * images there are, so a dataset's value and a sample grid's value of the same size are comparable.
 *
 * `pixels` is count × size × size × 3 (square RGB images, channels last) in [-1, 1].
 */
export function batchDiversity(pixels: Float32Array, count: number): number {
  return diversityOf(pixels, count, 1, 0);
}

/**
 * The same measure for RGB bytes, the training cache's format (count × size × size × 3), mapped
 * to [-1, 1] as the trainer maps them (byte / 127.5 − 1).
 */
export function batchDiversityOfBytes(bytes: Uint8Array, count: number): number {
  return diversityOf(bytes, count, 1 / 127.5, -1);
}

/**
 * A dataset's diversity, measured once at the start of a run over at most 64 real images picked at
 * random (seeded, so the same run gets the same figure): a folder imported in order would otherwise
 * compare only its first few similar pictures.
 */
export function realImageDiversity(
  bytes: Uint8Array,
  count: number,
  seed = 1,
  maxImages = realDiversityImages,
): number {
  const imageBytes = bytesPerImage(bytes.length, count);
  if (count <= maxImages) return batchDiversityOfBytes(bytes, count);
  // Partial Fisher–Yates shuffle: the first `maxImages` entries become a uniform random subset.
  const order = Array.from({ length: count }, (_, index) => index);
  const random = seededRandom(seed);
  const subset = new Uint8Array(maxImages * imageBytes);
  for (let n = 0; n < maxImages; n++) {
    const pick = n + Math.floor(random() * (count - n));
    const chosen = order[pick] ?? pick;
    order[pick] = order[n] ?? n;
    order[n] = chosen;
    subset.set(bytes.subarray(chosen * imageBytes, (chosen + 1) * imageBytes), n * imageBytes);
  }
  return batchDiversityOfBytes(subset, maxImages);
}

function diversityOf(values: ArrayLike<number>, count: number, scale: number, offset: number): number {
  if (count < 2) return 0;
  const size = Math.sqrt(bytesPerImage(values.length, count) / 3);
  if (!Number.isInteger(size)) {
    throw new RangeError(`Expected ${count} square RGB images, got ${values.length} values.`);
  }
  const features = blockAverages(values, count, size, scale, offset);
  const length = features.length / count;
  let total = 0;
  for (let a = 0; a < count; a++) {
    for (let b = a + 1; b < count; b++) {
      let squares = 0;
      for (let i = 0; i < length; i++) {
        const difference = (features[a * length + i] ?? 0) - (features[b * length + i] ?? 0);
        squares += difference * difference;
      }
      total += Math.sqrt(squares / length);
    }
  }
  return total / ((count * (count - 1)) / 2);
}

/** Each image's mean colour in each cell of an 8×8 grid (fewer cells for images under 8 px). */
function blockAverages(
  values: ArrayLike<number>,
  count: number,
  size: number,
  scale: number,
  offset: number,
): Float64Array {
  const cells = Math.min(diversityGrid, size);
  const cellOf = Array.from({ length: size }, (_, pixel) => Math.floor((pixel * cells) / size));
  const pixelsInCell = new Float64Array(cells * cells);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const cell = (cellOf[y] ?? 0) * cells + (cellOf[x] ?? 0);
      pixelsInCell[cell] = (pixelsInCell[cell] ?? 0) + 1;
    }
  const features = new Float64Array(count * cells * cells * 3);
  for (let n = 0; n < count; n++) {
    const base = n * cells * cells * 3;
    for (let y = 0; y < size; y++) {
      const row = (cellOf[y] ?? 0) * cells;
      for (let x = 0; x < size; x++) {
        const cell = base + (row + (cellOf[x] ?? 0)) * 3;
        const pixel = ((n * size + y) * size + x) * 3;
        for (let c = 0; c < 3; c++) features[cell + c] = (features[cell + c] ?? 0) + (values[pixel + c] ?? 0);
      }
    }
    for (let cell = 0; cell < cells * cells; cell++) {
      const pixels = pixelsInCell[cell] ?? 1;
      // The mapping to [-1, 1] is linear, so it can be applied to the sums once per cell.
      for (let c = 0; c < 3; c++) {
        const index = base + cell * 3 + c;
        features[index] = ((features[index] ?? 0) / pixels) * scale + offset;
      }
    }
  }
  return features;
}

function bytesPerImage(length: number, count: number): number {
  if (!Number.isInteger(count) || count < 0 || (count > 0 && length % count !== 0)) {
    throw new RangeError(`${length} values do not divide into ${count} images.`);
  }
  return count === 0 ? 0 : length / count;
}
