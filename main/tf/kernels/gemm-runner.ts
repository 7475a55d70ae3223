import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type WasmMemory, webAssembly } from '../webassembly-api.js';
import { type GemmExports, gemmModule } from './gemm-module.js';
import { wasmMemoryOf } from './wasm-heap.js';

/**
 * One product C = bias + A·B for the GEMM module (see GemmExports.gemm): A given row by row, for
 * each segment of its columns, by `fillRowTable`.
 */
export interface GemmProblem {
  /** Rows of A and C. */
  m: number;
  /** Columns of B and C (in eights runs fastest). */
  n: number;
  /** Columns of A, rows of B. */
  k: number;
  /** Segment size: every segment of A's columns but the last has kb (a convolution's: one tap). */
  kb: number;
  /**
   * Fills table[segment·mPad + row] with the address of A's row `row` from column segment·kb on,
   * for row < m (the rest already point at `zeros`, kb floats, which rows all zero may use too).
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
 * small enough that the threads end close together.
 */
const rowsPerChunk = 16;
/** Below this many multiply-adds the other threads' wake-up costs more than they save. */
const minimumParallelWork = 1 << 20;
/** Columns of A packed and summed in one pass (whole segments): 8 KB of packed rows, in L1. */
const blockColumns = 512;
/** The most threads a product runs on (as the wasm build's thread pool). */
const maxThreads = 8;

let threadsWanted = Math.min(maxThreads, availableParallelism());

/**
 * How many threads products run on, the caller's included, for runners made from now on (the
 * backend loader passes its thread setting). Only the threaded build's shared memory allows more
 * than one.
 */
export function setGemmThreads(threads: number): void {
  threadsWanted = Math.max(1, Math.min(maxThreads, Math.floor(threads)));
}

/**
 * Runs the GEMM module on a tfjs wasm backend's memory: on the calling thread, and where the
 * memory is shared (the threaded build), on worker threads of Ganvas's own that import the same
 * memory, every thread taking chunks of rows until none are left. Each C element is summed in the
 * same order whichever thread computes it, so results do not depend on the threads.
 */
export class WasmGemm {
  readonly fused: boolean;
  private readonly exports: GemmExports;
  private helpers: GemmThreads | null;

  /** `fused: false` keeps to multiply and add where relaxed SIMD is on (to test that variant). */
  constructor(
    private readonly heap: EmscriptenHeap,
    private readonly memory: WasmMemory,
    options: { fused?: boolean; threads?: number } = {},
  ) {
    const shared = memory.buffer instanceof SharedArrayBuffer;
    this.fused = options.fused !== false && webAssembly.validate(gemmModule(shared, true));
    const bytes = gemmModule(shared, this.fused);
    const instance = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
    this.exports = instance.exports as unknown as GemmExports;
    const workers = (options.threads ?? threadsWanted) - 1;
    this.helpers = shared && workers > 0 ? new GemmThreads(heap, memory, bytes, workers) : null;
  }

  /** Threads products run on now: the caller, and the workers once all have their instances. */
  threads(): number {
    return this.helpers?.ready() ? this.helpers.count + 1 : 1;
  }

  /** Ends the worker threads (products after this run on the calling thread alone). */
  close(): void {
    this.helpers?.close();
    this.helpers = null;
  }

  /** Rows of products the worker threads have computed since the start (0 without workers). */
  rowsOnWorkers(): number {
    return this.helpers?.rowsDone() ?? 0;
  }

  run(problem: GemmProblem): void {
    const { m, n, k, kb } = problem;
    if (m < 1 || n < 1 || k < 1 || kb < 1) throw new Error(`GEMM: unsupported shape ${m}×${k}×${n}`);
    if (n % 8 === 0) this.runInEights(problem);
    else this.runPadded(problem);
  }

  /**
   * Widths not in eights (an RGB output layer, a discriminator's single logit): B and the bias
   * widened with zero columns, the product made into a wider scratch C, its columns copied out.
   */
  private runPadded(problem: GemmProblem): void {
    const { m, n, k, b, ldb, c, bias } = problem;
    const wide = Math.ceil(n / 8) * 8;
    const bytes = (k * wide + m * wide + wide) * 4 + 16;
    const base = this.heap._malloc(bytes);
    if (!base) throw new Error(`GEMM: could not allocate ${bytes} bytes of workspace`);
    try {
      const wideB = (base + 15) & ~15;
      const wideC = wideB + k * wide * 4;
      const wideBias = wideC + m * wide * 4;
      let heap = new Float32Array(this.memory.buffer);
      heap.fill(0, wideB / 4, wideB / 4 + k * wide);
      for (let row = 0; row < k; row++) {
        heap.copyWithin(wideB / 4 + row * wide, (b + row * ldb) / 4, (b + row * ldb) / 4 + n);
      }
      heap.fill(0, wideBias / 4, wideBias / 4 + wide);
      if (bias !== null) heap.copyWithin(wideBias / 4, bias / 4, bias / 4 + n);
      this.runInEights({ ...problem, n: wide, b: wideB, ldb: wide * 4, c: wideC, bias: wideBias });
      heap = new Float32Array(this.memory.buffer);
      for (let row = 0; row < m; row++) {
        heap.copyWithin(c / 4 + row * n, wideC / 4 + row * wide, wideC / 4 + row * wide + n);
      }
    } finally {
      this.heap._free(base);
    }
  }

  private runInEights(problem: GemmProblem): void {
    const { m, n, k, kb, b, ldb, c, bias } = problem;
    const mPad = Math.ceil(m / 4) * 4;
    const segments = Math.ceil(k / kb);
    const perBlock = Math.max(1, Math.floor(blockColumns / kb));
    const ldc = n * 4;
    const tableBytes = segments * mPad * 4;
    const zeroFloats = Math.max(kb, n);
    const packBytes = 4 * Math.min(k, kb * perBlock) * 4;
    const threads = this.helpers ? this.helpers.count + 1 : 1;
    const scratchBytes = 4 * ldc;
    const total = tableBytes + zeroFloats * 4 + threads * packBytes + scratchBytes + 64;
    const base = this.heap._malloc(total);
    if (!base) throw new Error(`GEMM: could not allocate ${total} bytes of workspace`);
    try {
      const table = (base + 15) & ~15;
      const zeros = table + tableBytes;
      // Packed rows: the caller's first, then each worker's.
      const packs = zeros + zeroFloats * 4;
      // One scratch: only the thread that takes the last chunk writes the last, partial tile row.
      const scratch = packs + threads * packBytes;
      // Views after the allocation: growing a non-shared memory detaches earlier ones.
      new Float32Array(this.memory.buffer, zeros, zeroFloats).fill(0);
      const rows = new Int32Array(this.memory.buffer, table, segments * mPad);
      rows.fill(zeros);
      problem.fillRowTable(rows, mPad, zeros);
      const init = bias ?? zeros;
      const args = [
        table,
        mPad,
        m,
        segments,
        kb,
        k,
        perBlock,
        b,
        ldb,
        c,
        ldc,
        n,
        packs,
        scratch,
        init,
      ] as const;
      const helpers =
        this.helpers?.ready() && m * n * k >= minimumParallelWork && mPad > rowsPerChunk
          ? this.helpers
          : null;
      if (helpers) {
        helpers.start([...args, rowsPerChunk], mPad, packBytes);
        for (let [begin, end] = helpers.takeRows(); begin < end; [begin, end] = helpers.takeRows()) {
          this.exports.gemm(...args, rowsPerChunk, begin, end);
        }
        helpers.finish();
      } else {
        this.exports.gemm(...args, rowsPerChunk, 0, mPad);
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

/** How long an idle thread spins for the next job (or the last chunk) before it sleeps. */
const spinMilliseconds = 0.2;

/**
 * Takes the next rows no thread has taken (control word 3) of a job's rows (word 4) shared by
 * word 7's threads: [begin, end), empty when none are left. Guided: chunks shrink from 16 rows to
 * 4 as the rows run out, so the threads end close together. Self-contained: the workers run its
 * source.
 */
function takeRows(view: Int32Array, at: number): [number, number] {
  const rows = Atomics.load(view, at + 4);
  const threads = Atomics.load(view, at + 7);
  for (;;) {
    const next = Atomics.load(view, at + 3);
    if (next >= rows) return [rows, rows];
    const share = Math.floor((rows - next) / (2 * threads) / 4) * 4;
    const end = Math.min(rows, next + Math.max(4, Math.min(16, share)));
    if (Atomics.compareExchange(view, at + 3, next, end) === next) return [next, end];
  }
}

/**
 * A worker's side: wait for a job number; take chunks of rows (control word 3, the next row no
 * thread has taken) until none are left, running gemm on each with the posted arguments and its
 * own packing room; report the job done in its own word.
 */
const workerSource = /* JavaScript */ `
const { workerData } = require('node:worker_threads');
const { memory, bytes, control, index, spinMilliseconds } = workerData;
const at = control / 4;
const view = new Int32Array(memory.buffer);
let instance;
try {
  instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  Atomics.add(view, at + 1, 1);
} catch (error) {
  Atomics.store(view, at + 2, 1);
  throw error;
}
const takeRows = ${takeRows.toString()};
let seen = 0;
for (;;) {
  // Spin a little before sleeping: the next product usually follows within microseconds, and a
  // woken thread starts later than a spinning one.
  const spinUntil = performance.now() + spinMilliseconds;
  while (Atomics.load(view, at) === seen && performance.now() < spinUntil);
  Atomics.wait(view, at, seen);
  seen = Atomics.load(view, at);
  const args = Array.from(view.subarray(at + 8, at + 8 + 16));
  args[12] += (index + 1) * view[at + 5];
  let status = seen;
  try {
    for (let [begin, end] = takeRows(view, at); begin < end; [begin, end] = takeRows(view, at)) {
      instance.exports.gemm(...args, begin, end);
      Atomics.add(view, at + 6, end - begin);
    }
  } catch {
    status = -seen;
  }
  Atomics.store(view, at + 32 + index, status);
  Atomics.notify(view, at + 32 + index);
}
`;

/**
 * Worker threads for the GEMM module. Control words in the backend's heap: [0] job number,
 * [1] workers started, [2] 1 if one failed to start, [3] the next row no thread has taken,
 * [4] the rows, [5] bytes of packing room per thread, [6] rows the workers have done in all,
 * [7] the threads sharing the job,
 * [8…24) gemm's first 16 arguments,
 * [32 + w] the job number worker w finished (negated if it failed).
 */
class GemmThreads {
  private readonly control: number;
  /**
   * A shared memory's buffer is never detached (growing it gives a longer new buffer over the same
   * bytes), so one view made at the start serves for good.
   */
  private readonly view: Int32Array;
  private job = 0;
  private readonly workers: Worker[] = [];

  constructor(
    heap: EmscriptenHeap,
    memory: WasmMemory,
    bytes: Uint8Array,
    readonly count: number,
  ) {
    this.control = heap._malloc(4 * 64);
    this.view = new Int32Array(memory.buffer);
    this.view.fill(0, this.control / 4, this.control / 4 + 64);
    for (let index = 0; index < count; index++) {
      const worker = new Worker(workerSource, {
        eval: true,
        workerData: { memory, bytes, control: this.control, index, spinMilliseconds },
      });
      // The workers never end on their own; they must not keep the process alive.
      worker.unref();
      this.workers.push(worker);
      worker.on('error', () => Atomics.store(this.view, this.control / 4 + 2, 1));
    }
  }

  /** Ends the workers (they hold the memory; a wait in progress is cut short). */
  close(): void {
    for (const worker of this.workers.splice(0)) void worker.terminate();
  }

  /** Whether every worker has its instance (until then, and if one failed, the caller works alone). */
  ready(): boolean {
    const at = this.control / 4;
    return Atomics.load(this.view, at + 2) === 0 && Atomics.load(this.view, at + 1) === this.count;
  }

  /** Posts a job over `rows` rows; args are gemm's first 16 (the last, the chunk size). */
  start(args: readonly number[], rows: number, packBytes: number): void {
    const at = this.control / 4;
    this.view.set(args, at + 8);
    Atomics.store(this.view, at + 3, 0);
    Atomics.store(this.view, at + 4, rows);
    Atomics.store(this.view, at + 5, packBytes);
    Atomics.store(this.view, at + 7, this.count + 1);
    this.job += 1;
    Atomics.store(this.view, at, this.job);
    Atomics.notify(this.view, at);
  }

  rowsDone(): number {
    return Atomics.load(this.view, this.control / 4 + 6);
  }

  /** The next rows no thread has taken, [begin, end) (empty when none are left). */
  takeRows(): [number, number] {
    return takeRows(this.view, this.control / 4);
  }

  /** Waits for every worker to report the job; throws if one failed on its share. */
  finish(): void {
    const spinUntil = performance.now() + spinMilliseconds;
    for (let index = 0; index < this.count; index++) {
      const at = this.control / 4 + 32 + index;
      for (;;) {
        const done = Atomics.load(this.view, at);
        if (done === this.job) break;
        if (done === -this.job) throw new Error('GEMM: a worker thread failed on its share of the product');
        // The last chunk is short: spin for it before sleeping.
        if (performance.now() < spinUntil) continue;
        Atomics.wait(this.view, at, done);
      }
    }
  }
}

/**
 * The runner of the wasm backend in use. A process has one at a time; when another memory turns up
 * (the backend restarted, or the threaded build replaced the single-threaded one) the old runner's
 * workers are ended, since they would otherwise keep the old memory, and themselves, alive.
 */
let current: { memory: WasmMemory; runner: WasmGemm | null } | null = null;

/** The GEMM runner on a tfjs wasm backend, or null (not wasm, or no WebAssembly SIMD). */
export function gemmOn(backend: unknown): WasmGemm | null {
  const memory = wasmMemoryOf(backend);
  const wasm = (backend as { wasm?: Partial<EmscriptenHeap> } | null)?.wasm;
  if (!memory || typeof wasm?._malloc !== 'function' || typeof wasm._free !== 'function') return null;
  if (current?.memory === memory) return current.runner;
  current?.runner?.close();
  let runner: WasmGemm | null;
  try {
    runner = new WasmGemm(wasm as unknown as EmscriptenHeap, memory);
  } catch {
    // No WebAssembly SIMD here: the backend's own kernels stay in use.
    runner = null;
  }
  current = { memory, runner };
  return runner;
}
