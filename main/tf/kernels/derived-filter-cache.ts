import type * as tfjs from '@tensorflow/tfjs';

type Tfjs = typeof tfjs;

/** One derived filter's values and shape, as its builder returns them. */
export interface DerivedFilter {
  values: Float32Array;
  shape: number[];
}

interface Entry {
  /** The weight's data: alive while the weight (this version of a variable) is. */
  source: tfjs.DataId;
  key: string;
  backend: tfjs.KernelBackend;
  derived: Array<{ dataId: tfjs.DataId; shape: number[] }>;
}

/**
 * Filters derived from a weight (flipped, transposed, split into phases), built once per version of
 * the weight and kept while that version lives, instead of once per gradient call.
 *
 * Why: a generator's filter is used by several passes of one training step (a CycleGAN generator
 * runs three times a step), and a DCGAN generator's transposed convolutions build their phase
 * filters on every forward pass, including every preview. Each new filter also makes the wasm
 * backend repack it for XNNPACK, which keys its packed weights on the filter's data: 3-4 ms for a
 * 256-channel 3×3 filter, as long as the convolution itself.
 *
 * The derived data is the backend's, not tracked by the engine (like XNNPACK's packed copies), so
 * tf.memory() counts only tensors the program made. An entry is freed at the next lookup after its
 * weight's data is freed (Adam's update replaces a variable's data every step), and the oldest
 * entries beyond `capacity` are freed too.
 */
export class DerivedFilterCache {
  private entries: Entry[] = [];

  constructor(
    private readonly tf: Tfjs,
    private readonly capacity: number,
  ) {}

  /**
   * Tensors over the filters derived from `source` for `variant` (everything the derivation
   * depends on besides the weight's values), built by `build` on a miss. The caller disposes them;
   * the cached data stays.
   */
  filters(source: tfjs.Tensor, variant: string, build: () => DerivedFilter[]): tfjs.Tensor[] {
    const engine = this.tf.engine();
    const backend = engine.backend;
    this.sweep(backend);
    const key = `${source.shape.join('x')}/${variant}`;
    let entry = this.entries.find(
      (e) => e.source === source.dataId && e.key === key && e.backend === backend,
    );
    if (entry) {
      // Most recently used last.
      this.entries = [...this.entries.filter((e) => e !== entry), entry];
    } else {
      entry = {
        source: source.dataId,
        key,
        backend,
        derived: build().map(({ values, shape }) => ({
          dataId: backend.write(values, shape, 'float32'),
          shape,
        })),
      };
      this.entries.push(entry);
    }
    const tensors = entry.derived.map(({ dataId, shape }) => {
      // The tensor's own reference; disposing it leaves the cache's.
      backend.incRef(dataId);
      return engine.makeTensorFromDataId(dataId, shape, 'float32', backend);
    });
    // Trimmed after the tensors hold their references, so a capacity of 0 caches nothing.
    while (this.entries.length > this.capacity) {
      const oldest = this.entries.shift();
      if (oldest) this.release(oldest);
    }
    return tensors;
  }

  /** How many weights' derived filters are held (for tests and diagnostics). */
  get size(): number {
    return this.entries.length;
  }

  /** Frees everything held. */
  clear(): void {
    const all = this.entries;
    this.entries = [];
    for (const entry of all) if (this.isRegistered(entry.backend)) this.release(entry);
  }

  /**
   * Frees the entries of `backend` whose weight is gone, and forgets those of backends that were
   * removed (their memory went with them). Other live backends' entries wait for their turn.
   */
  private sweep(backend: tfjs.KernelBackend): void {
    this.entries = this.entries.filter((entry) => {
      if (!this.isRegistered(entry.backend)) return false;
      if (entry.backend !== backend || backend.refCount(entry.source) > 0) return true;
      this.release(entry);
      return false;
    });
  }

  private isRegistered(backend: tfjs.KernelBackend): boolean {
    return Object.values(this.tf.engine().registry).includes(backend);
  }

  private release(entry: Entry): void {
    for (const { dataId } of entry.derived) {
      // Still used by a live tensor: freed when that tensor is disposed.
      if (entry.backend.disposeData(dataId)) this.tf.engine().removeDataId(dataId, entry.backend);
    }
  }
}
