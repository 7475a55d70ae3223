import { Worker } from 'node:worker_threads';
import { type WasmMemory, isWasmMemory, webAssembly } from '../webassembly-api.js';
import { type GemmExports, gemmModule } from './gemm-module.js';

/**
 * One product C = bias + A·B for the GEMM module (see GemmExports.gemm): A given row by row, for
 * each K block, by `rowAddress`.
 */
export interface GemmProblem {
  /** Rows of A and C. */
  m: number;
  /** Columns of B and C; a multiple of 8. */
  n: number;
  /** Columns of A, rows of B. */
  k: number;
  /** K block size: every block but the last has kb columns. */
  kb: number;
  /**
   * Fills table[block·mPad + row] with the address of A's row `row` from column block·kb on, for
   * row < m (the rest already point at `zeros`, which may also be used for rows that are all zero).
   */
  fillRowTable(table: Int32Array, mPad: number, zeros: number): void;
  /** Address of B (row-major, rows ldb bytes apart). */
  b: number;
  ldb: number;
  /** Address of C (row-major, rows n floats apart). */
  c: number;
  /** Address of n floats added to every row, or null for none. */
  bias: number | null;
}

interface EmscriptenHeap {
  _malloc(bytes: number): number;
  _free(address: number): void;
}

/** Rows a thread does through all K blocks before the next: its C rows stay in cache meanwhile. */
const rowsPerChunk = 32;
/** Below this many multiply-adds the second thread's wake-up costs more than it saves. */
const minimumParallelWork = 1 << 20;

/**
 * Runs the GEMM module on a tfjs wasm backend's memory: on the calling thread, and where the
 * memory is shared (the threaded build), half the rows on a worker thread of Ganvas's own that
 * imports the same memory. Each C element is summed in the same order whichever thread computes
 * it, so results do not depend on the split.
 */
export class WasmGemm {
  readonly fused: boolean;
  private readonly exports: GemmExports;
  private readonly helper: GemmThread | null;

  /** `fused: false` keeps to multiply and add where relaxed SIMD is on (to test that variant). */
  constructor(
    private readonly heap: EmscriptenHeap,
    private readonly memory: WasmMemory,
    options: { fused?: boolean } = {},
  ) {
    const shared = memory.buffer instanceof SharedArrayBuffer;
    this.fused = options.fused !== false && webAssembly.validate(gemmModule(shared, true));
    const bytes = gemmModule(shared, this.fused);
    const instance = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
    this.exports = instance.exports as unknown as GemmExports;
    this.helper = shared ? new GemmThread(heap, memory, bytes) : null;
  }

  /** Threads products run on now: 2 once the worker has its instance, else 1. */
  threads(): number {
    return this.helper?.ready() ? 2 : 1;
  }

  run(problem: GemmProblem): void {
    const { m, n, k, kb, b, ldb, c, bias } = problem;
    if (n % 8 !== 0 || m < 1 || k < 1 || kb < 1) throw new Error(`GEMM: unsupported shape ${m}×${k}×${n}`);
    const mPad = Math.ceil(m / 4) * 4;
    const blocks = Math.ceil(k / kb);
    const ldc = n * 4;
    const tableBytes = blocks * mPad * 4;
    const zeroFloats = Math.max(kb, n);
    const packBytes = 4 * kb * 4;
    const scratchBytes = 4 * ldc;
    const perThread = packBytes + scratchBytes;
    const total = tableBytes + zeroFloats * 4 + 2 * perThread + 64;
    const base = this.heap._malloc(total);
    if (!base) throw new Error(`GEMM: could not allocate ${total} bytes of workspace`);
    try {
      const table = (base + 15) & ~15;
      const zeros = table + tableBytes;
      const ownPack = zeros + zeroFloats * 4;
      const ownScratch = ownPack + packBytes;
      const otherPack = ownScratch + scratchBytes;
      const otherScratch = otherPack + packBytes;
      // Views after the allocation: growing a non-shared memory detaches earlier ones.
      new Float32Array(this.memory.buffer, zeros, zeroFloats).fill(0);
      const rows = new Int32Array(this.memory.buffer, table, blocks * mPad);
      rows.fill(zeros);
      problem.fillRowTable(rows, mPad, zeros);
      const init = bias ?? zeros;
      const common = [table, mPad, m, blocks, kb, k, b, ldb, c, ldc, n] as const;
      const parallel =
        this.helper !== null && this.helper.ready() && m * n * k >= minimumParallelWork && mPad >= 8;
      const split = parallel ? Math.ceil(mPad / 8) * 4 : mPad;
      if (parallel) {
        this.helper?.start([...common, otherPack, otherScratch, init, rowsPerChunk, split, mPad]);
      }
      this.exports.gemm(...common, ownPack, ownScratch, init, rowsPerChunk, 0, split);
      if (parallel) this.helper?.finish();
      if (m % 4 !== 0) {
        const last = mPad - 4;
        const scratch = parallel ? otherScratch : ownScratch;
        const heap = new Float32Array(this.memory.buffer);
        heap.copyWithin((c + last * ldc) / 4, scratch / 4, (scratch + (m - last) * ldc) / 4);
      }
    } finally {
      this.heap._free(base);
    }
  }
}

/** The worker's side: wait for a job number, run gemm with the posted arguments, report done. */
const workerSource = `
const { workerData } = require('node:worker_threads');
const { memory, bytes, control } = workerData;
const at = control / 4;
let instance;
try {
  instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  Atomics.store(new Int32Array(memory.buffer), at + 2, 1);
} catch (error) {
  Atomics.store(new Int32Array(memory.buffer), at + 2, -1);
  throw error;
}
let seen = 0;
for (;;) {
  Atomics.wait(new Int32Array(memory.buffer), at, seen);
  const view = new Int32Array(memory.buffer);
  seen = Atomics.load(view, at);
  const args = Array.from(view.subarray(at + 4, at + 4 + 17));
  let status = seen;
  try {
    instance.exports.gemm(...args);
  } catch {
    status = -seen;
  }
  Atomics.store(view, at + 1, status);
  Atomics.notify(view, at + 1);
}
`;

/**
 * A second thread for the GEMM module. Control words in the backend's heap: [0] job number,
 * [1] the job number finished (negated if it failed), [2] ready (1) or failed to start (−1),
 * [4…] the job's 17 arguments.
 */
class GemmThread {
  private readonly control: number;
  private job = 0;

  constructor(
    heap: EmscriptenHeap,
    private readonly memory: WasmMemory,
    bytes: Uint8Array,
  ) {
    this.control = heap._malloc(4 * 32);
    new Int32Array(memory.buffer, this.control, 32).fill(0);
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { memory, bytes, control: this.control },
    });
    // The worker never ends on its own; it must not keep the process alive.
    worker.unref();
    worker.on('error', () => Atomics.store(this.view(), this.control / 4 + 2, -1));
  }

  /** Whether the worker has its instance (until then, and if it failed, the caller works alone). */
  ready(): boolean {
    return Atomics.load(this.view(), this.control / 4 + 2) === 1;
  }

  start(args: readonly number[]): void {
    const view = this.view();
    const at = this.control / 4;
    view.set(args, at + 4);
    this.job += 1;
    Atomics.store(view, at, this.job);
    Atomics.notify(view, at);
  }

  finish(): void {
    const at = this.control / 4 + 1;
    for (;;) {
      const view = this.view();
      const done = Atomics.load(view, at);
      if (done === this.job) return;
      if (done === -this.job) throw new Error('GEMM: the worker thread failed on its half of the product');
      Atomics.wait(view, at, done);
    }
  }

  private view(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }
}

const runners = new WeakMap<WasmMemory, WasmGemm | null>();

/** The GEMM runner on a tfjs wasm backend, or null (not wasm, or no WebAssembly SIMD). */
export function gemmOn(backend: unknown): WasmGemm | null {
  const candidate = backend as {
    wasm?: { wasmMemory?: unknown; asm?: { memory?: unknown }; _malloc?: unknown; _free?: unknown };
  } | null;
  const wasm = candidate?.wasm;
  const memory = wasm?.wasmMemory ?? wasm?.asm?.memory;
  if (!isWasmMemory(memory) || typeof wasm?._malloc !== 'function' || typeof wasm._free !== 'function') {
    return null;
  }
  const known = runners.get(memory);
  if (known !== undefined) return known;
  let runner: WasmGemm | null;
  try {
    runner = new WasmGemm(wasm as unknown as EmscriptenHeap, memory);
  } catch {
    // No WebAssembly SIMD here: the backend's own kernels stay in use.
    runner = null;
  }
  runners.set(memory, runner);
  return runner;
}
