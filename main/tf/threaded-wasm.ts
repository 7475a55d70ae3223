import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { withoutAddedProcessListeners } from '../platform/emscripten-process-listeners.js';
import { type CompiledWasm, type WasmImports, webAssembly } from './webassembly-api.js';

type Tfjs = typeof tfjs;

/** The parts of '@tensorflow/tfjs-backend-wasm' this file needs. */
export interface WasmPackage {
  BackendWasm: new (module: never) => tfjs.KernelBackend;
  setThreadsCount(threads: number): void;
}

/** What an Emscripten module built with pthreads exposes that is used here. */
interface EmscriptenModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => unknown;
  PThread?: {
    unusedWorkers: PthreadWorker[];
    runningWorkers: PthreadWorker[];
    terminateAllThreads?: () => void;
  };
}

/** A pthread's Node worker, as Emscripten keeps it. */
interface PthreadWorker {
  ref(): unknown;
  unref(): unknown;
}

interface EmscriptenConfig {
  locateFile(file: string): string;
  mainScriptUrlOrBlob: string;
  instantiateWasm(imports: WasmImports, receive: (instance: object, module: CompiledWasm) => void): object;
  onAbort(what: unknown): void;
  printErr(text: string): void;
  PThread?: EmscriptenModule['PThread'];
}

type EmscriptenFactory = (config: EmscriptenConfig) => Promise<EmscriptenModule>;

const require = createRequire(import.meta.url);
const PACKAGE = '@tensorflow/tfjs-backend-wasm';
const MAIN_SCRIPT = 'tfjs-backend-wasm-threaded-simd.js';
const WORKER_SCRIPT = 'tfjs-backend-wasm-threaded-simd.worker.js';
const BINARY = 'tfjs-backend-wasm-threaded-simd.wasm';
/** The priority tfjs-backend-wasm registers itself with. */
const WASM_PRIORITY = 2;
/** The build pre-creates this many pthread workers; its thread pool can use no more. */
export const MAX_WASM_THREADS = 8;

/**
 * A backend factory for tfjs's multithreaded SIMD wasm build that works under Node, where tfjs
 * itself turns threads off (tfjs issue 3830). Three things stand in its way, and are handled here:
 * - tfjs hands the pthread workers a blob: URL of their script, which Node's Worker cannot load:
 *   the script (shipped in the package as a string) is written to a file, and its path given.
 * - The workers import the module's main script by path: it is copied beside that file, so it is
 *   a real file even when the package sits inside Electron's asar archive.
 * - The C++ side sizes its pool as min(asked, logical cores / 2), on the theory that half the
 *   cores are hyper-threads. The import that reports the core count is answered with 2x `threads`,
 *   so the pool gets exactly the threads asked for.
 * XNNPACK splits each convolution and matrix product into tiles computed by the same
 * micro-kernels, so results match the single-threaded build bit for bit (threaded-wasm.test.ts).
 */
export function threadedWasmBackendFactory(
  wasm: WasmPackage,
  threads: number,
  options: { timeoutMs?: number; cacheDir?: string } = {},
): () => Promise<tfjs.KernelBackend> {
  return async () => {
    const wanted = Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(threads)));
    const module = await startThreadedModule(wanted, options.timeoutMs ?? 60_000, options.cacheDir);
    // BackendWasm reads the module-wide thread count that tfjs's own init would have used.
    wasm.setThreadsCount(wanted);
    const backend = new wasm.BackendWasm(module as never);
    // The eight pre-created workers all stay: terminating the idle ones deadlocked the first
    // training step (a pool thread started later waits for a worker this blocked thread must load).
    // They only ever work inside a kernel call this thread is blocked in, so they must not keep
    // the process alive once its own work is done (Emscripten refs a worker when a thread starts).
    const pthread = module.PThread;
    for (const worker of [...(pthread?.unusedWorkers ?? []), ...(pthread?.runningWorkers ?? [])]) {
      worker.unref();
      worker.ref = () => worker;
    }
    return backend;
  };
}

async function startThreadedModule(
  threads: number,
  timeoutMs: number,
  cacheDir = path.join(tmpdir(), 'ganvas-wasm-threads'),
): Promise<EmscriptenModule> {
  // One deadline for all of it, file writes included (Node 20's recursive mkdir can spin forever
  // on an odd file system, and a worker that cannot start never answers).
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`its ${threads} worker threads did not start within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  const config: { current?: EmscriptenConfig } = {};
  try {
    const module = await Promise.race([instantiate(threads, cacheDir, config), timedOut]);
    Object.assign(module, { tfjs: tfjsBridge(module) });
    return module;
  } catch (error) {
    config.current?.PThread?.terminateAllThreads?.();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function instantiate(
  threads: number,
  cacheDir: string,
  started: { current?: EmscriptenConfig },
): Promise<EmscriptenModule> {
  const outDir = path.dirname(require.resolve(`${PACKAGE}/wasm-out/${MAIN_SCRIPT}`));
  const factory = require(path.join(outDir, MAIN_SCRIPT)) as EmscriptenFactory;
  const workerSource = (require(path.join(outDir, WORKER_SCRIPT)) as { wasmWorkerContents: string })
    .wasmWorkerContents;
  // The string holds JavaScript string literals with "\n" escapes its template literal turned into
  // real newlines; the script is one line, so every newline is one of those.
  const workerFile = await writeOnce(cacheDir, 'pthread-worker.cjs', workerSource.replace(/\n/g, '\\n'));
  const mainFile = await writeOnce(
    cacheDir,
    MAIN_SCRIPT,
    await readFile(path.join(outDir, MAIN_SCRIPT), 'utf8'),
  );
  const binary = await readFile(path.join(outDir, BINARY));

  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const config: EmscriptenConfig = {
    locateFile: (file) => (file.endsWith('.worker.js') ? workerFile : path.join(outDir, file)),
    mainScriptUrlOrBlob: mainFile,
    instantiateWasm(imports, receive) {
      if (imports.env) imports.env.emscripten_num_logical_cores = () => 2 * threads;
      webAssembly
        .compile(binary)
        .then(async (compiled) => receive(await webAssembly.instantiate(compiled, imports), compiled))
        .catch((error: unknown) =>
          fail(new Error(`the threaded wasm binary did not start: ${String(error)}`)),
        );
      return {};
    },
    onAbort: (what) => fail(new Error(`the threaded wasm module aborted: ${String(what)}`)),
    printErr: (text) => {
      // A worker that cannot start never reports back; its error is the only sign.
      if (/worker sent an error/i.test(text)) fail(new Error(text));
    },
  };
  started.current = config;
  // Its glue's rethrowing process listeners would kill the trainer before it reports an error.
  return withoutAddedProcessListeners(() => Promise.race([factory(config), failed]));
}

/** The same bridge tfjs's own init attaches to the module. */
function tfjsBridge(module: EmscriptenModule): Record<string, unknown> {
  return {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
}

/** Writes a file under a name made from its content, so processes never see one half-written. */
async function writeOnce(dir: string, name: string, content: string): Promise<string> {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 16);
  const file = path.join(dir, `${hash}-${name}`);
  try {
    await readFile(file);
    return file;
  } catch {
    await mkdir(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, content);
    await rename(partial, file);
    return file;
  }
}

/**
 * Replaces the 'wasm' backend's factory with the threaded one. Returns a function that puts the
 * stock (single-threaded) factory back, for when the threaded one fails to start.
 */
export function useThreadedWasm(tf: Tfjs, wasm: WasmPackage, threads: number): { restore: () => void } {
  const stock = tf.findBackendFactory('wasm');
  if (!stock) throw new Error('the wasm backend is not registered');
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', threadedWasmBackendFactory(wasm, threads), WASM_PRIORITY);
  return {
    restore: () => {
      tf.removeBackend('wasm');
      tf.registerBackend('wasm', stock, WASM_PRIORITY);
    },
  };
}
