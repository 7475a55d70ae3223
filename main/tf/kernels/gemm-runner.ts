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

/**
 * Rows a thread takes at a time and does through all K blocks (its C rows stay in cache meanwhile);
 * small enough that the two threads end close together.
 */
const rowsPerChunk = 16;
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
    const total = tableBytes + zeroFloats * 4 + 2 * packBytes + scratchBytes + 64;
    const base = this.heap._malloc(total);
    if (!base) throw new Error(`GEMM: could not allocate ${total} bytes of workspace`);
    try {
      const table = (base + 15) & ~15;
      const zeros = table + tableBytes;
      const ownPack = zeros + zeroFloats * 4;
      const otherPack = ownPack + packBytes;
      // One scratch: only the thread that takes the last chunk writes the last, partial tile row.
      const scratch = otherPack + packBytes;
      // Views after the allocation: growing a non-shared memory detaches earlier ones.
      new Float32Array(this.memory.buffer, zeros, zeroFloats).fill(0);
      const rows = new Int32Array(this.memory.buffer, table, blocks * mPad);
      rows.fill(zeros);
      problem.fillRowTable(rows, mPad, zeros);
      const init = bias ?? zeros;
      const common = [table, mPad, m, blocks, kb, k, b, ldb, c, ldc, n] as const;
      const helper =
        this.helper?.ready() && m * n * k >= minimumParallelWork && mPad > rowsPerChunk ? this.helper : null;
      if (helper) {
        // Both threads take chunks of rows until none are left: a late or slowed worker (the
        // backend's own threads may still be spinning on these two cores) does fewer, not the same.
        helper.start([...common, otherPack, scratch, init, rowsPerChunk], mPad);
        for (let begin = helper.nextChunk(); begin < mPad; begin = helper.nextChunk()) {
          const end = Math.min(begin + rowsPerChunk, mPad);
          this.exports.gemm(...common, ownPack, scratch, init, rowsPerChunk, begin, end);
        }
        helper.finish();
      } else {
        this.exports.gemm(...common, ownPack, scratch, init, rowsPerChunk, 0, mPad);
      }
      if (m % 4 !== 0) {
        const last = mPad - 4;
        const heap = new Float32Array(this.memory.buffer);
        heap.copyWithin((c + last * ldc) / 4, scratch / 4, (scratch + (m - last) * ldc) / 4);
      }
    } finally {
      this.heap._free(base);
    }
  }
}

/**
 * The worker's side: wait for a job number; take chunks of rows (control word 3, the next free
 * row) until none are left, running gemm on each with the posted arguments; report done.
 */
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
  const args = Array.from(view.subarray(at + 8, at + 8 + 15));
  const [chunk, rows] = [args[14], view[at + 4]];
  let status = seen;
  try {
    for (let begin = Atomics.add(view, at + 3, chunk); begin < rows; begin = Atomics.add(view, at + 3, chunk)) {
      instance.exports.gemm(...args, begin, Math.min(begin + chunk, rows));
    }
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
 * [3] the next row no thread has taken, [4] the rows, [8…] the job's other 15 arguments.
 */
class GemmThread {
  private readonly control: number;
  private readonly controlWords: Int32Array;
  private job = 0;
  private chunk = 0;

  constructor(heap: EmscriptenHeap, memory: WasmMemory, bytes: Uint8Array) {
    this.control = heap._malloc(4 * 32);
    this.controlWords = new Int32Array(memory.buffer);
    this.controlWords.fill(0, this.control / 4, this.control / 4 + 32);
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

  /** Posts a job over `rows` rows; args are gemm's first 15 (the last, the chunk size). */
  start(args: readonly number[], rows: number): void {
    const view = this.view();
    const at = this.control / 4;
    view.set(args, at + 8);
    this.chunk = args[14] ?? 0;
    Atomics.store(view, at + 3, 0);
    Atomics.store(view, at + 4, rows);
    this.job += 1;
    Atomics.store(view, at, this.job);
    Atomics.notify(view, at);
  }

  /** The first row of a chunk no thread has taken yet (the rows' count or more when none is left). */
  nextChunk(): number {
    return Atomics.add(this.view(), this.control / 4 + 3, this.chunk);
  }

  finish(): void {
    const at = this.control / 4 + 1;
    for (;;) {
      const view = this.view();
      const done = Atomics.load(view, at);
      if (done === this.job) return;
      if (done === -this.job) throw new Error('GEMM: the worker thread failed on its share of the product');
      Atomics.wait(view, at, done);
    }
  }

  /**
   * The control words. A shared memory's buffer is never detached (growing it gives a longer new
   * buffer over the same bytes), so one view made at the start serves for good; memory.buffer
   * itself is slow to get.
   */
  private view(): Int32Array {
    return this.controlWords;
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
