import { availableParallelism, cpus } from 'node:os';
import * as tfjs from '@tensorflow/tfjs';
import {
  BackendPreference,
  backendNames,
  type BackendFallback,
  type BackendInfo,
  type BackendName,
} from '../contract/index.js';
import { findCudaGpu } from './find-cuda-gpu.js';
import { setGemmThreads } from './kernels/gemm-runner.js';
import { installFastKernels } from './kernels/install-fast-kernels.js';
import { MAX_WASM_THREADS, useThreadedWasm, type WasmPackage } from './threaded-wasm.js';

export type Tfjs = typeof tfjs;

/** The parts of TensorFlow.js the loader touches, so tests can stand in for it. */
export interface TfRuntime {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  env(): { getAsync(flag: string): Promise<unknown> };
  version: { tfjs?: string; 'tfjs-core': string };
}

/** How each backend is brought in; injectable so tests can simulate a missing or broken one. */
export interface BackendSources {
  importTfjsNodeGpu(): Promise<unknown>;
  importTfjsNode(): Promise<unknown>;
  importWasm(): Promise<unknown>;
  /**
   * Puts the multithreaded wasm build in the 'wasm' backend's place (call after importWasm), its
   * `threads` computing the convolutions and products; `restore` puts the single-threaded one back.
   */
  useWasmThreads(threads: number): Promise<{ restore: () => void }>;
  /** The name of a CUDA-capable GPU, or null with no NVIDIA driver in sight. */
  findCudaGpu(): Promise<string | null>;
}

/**
 * The native packages are optionalDependencies: `npm ci` removes them when libtensorflow cannot be
 * fetched, so the compiler must not need their types. Importing by a computed name keeps tsc (and
 * bundlers) from resolving them at build time; at run time a missing package is just a fallback reason.
 */
function importOptional(name: string): Promise<unknown> {
  return import(name);
}

export const defaultBackendSources: BackendSources = {
  importTfjsNodeGpu: () => importOptional('@tensorflow/tfjs-node-gpu'),
  importTfjsNode: () => importOptional('@tensorflow/tfjs-node'),
  importWasm: () => import('@tensorflow/tfjs-backend-wasm'),
  useWasmThreads: async (threads) => {
    // The threads are Ganvas's GEMM's (kernels/gemm-runner.ts), which runs the convolutions and
    // products, ~85% of a step. XNNPACK's own pool is kept to one thread: its idle threads spin for
    // about a millisecond after each of its ops, on the cores the GEMM's threads then need (a
    // DCGAN-32 step took 0.68 s with a pool of 2, 0.54 s with 1).
    setGemmThreads(threads);
    return useThreadedWasm(
      tfjs,
      (await import('@tensorflow/tfjs-backend-wasm')) as unknown as WasmPackage,
      1,
    );
  },
  findCudaGpu,
};

export interface LoadBackendOptions {
  /** The user's setting; GANVAS_BACKEND in `env` wins over it. */
  setting?: BackendPreference;
  env?: Record<string, string | undefined>;
  tf?: TfRuntime;
  sources?: Partial<BackendSources>;
  /** Runs once the backend is active, before any tensor exists (kernel replacements). */
  prepare?: (backend: BackendName) => void;
  cpuDescription?: string;
}

export interface LoadedBackend {
  info: BackendInfo;
  /** Things worth a log line that do not change the outcome (e.g. an unknown GANVAS_BACKEND). */
  warnings: string[];
}

/** Thrown when not even the plain JavaScript backend starts. */
export class NoBackendError extends Error {
  constructor(readonly fallbacks: BackendFallback[]) {
    super(
      `No TensorFlow.js backend could start: ${fallbacks.map((f) => `${f.backend}: ${f.reason}`).join('; ')}`,
    );
    this.name = 'NoBackendError';
  }
}

type Attempt = { ok: true; device: string } | { ok: false; reason: string };

/**
 * Activates the fastest TensorFlow.js backend that works here (tfjs-node-gpu, tfjs-node, wasm,
 * cpu), or the one asked for, and says in plain words why each one before it was not used.
 * Call it before creating any tensor: importing the wasm package makes it the top-priority
 * backend, and tensors made before setBackend would live on whichever backend won that race.
 */
export async function loadBackend(options: LoadBackendOptions = {}): Promise<LoadedBackend> {
  const tf = options.tf ?? tfjs;
  const sources = { ...defaultBackendSources, ...options.sources };
  const prepare = options.prepare ?? ((backend: BackendName) => installFastKernels(tfjs, backend));
  const cpu = options.cpuDescription ?? describeCpu();
  const env = options.env ?? process.env;
  const { requested, requestedBy, warnings } = resolvePreference(options.setting, env);
  const threads = wasmThreads(env, warnings);

  const fallbacks: BackendFallback[] = [];
  for (const backend of tryOrder(requested)) {
    const attempt = await tryBackend(backend, tf, sources, cpu, threads);
    if (!attempt.ok) {
      fallbacks.push({ backend, reason: attempt.reason });
      continue;
    }
    prepare(backend);
    return {
      info: {
        name: backend,
        device: attempt.device,
        requested,
        requestedBy,
        fallbacks,
        tfjsVersion: tf.version.tfjs ?? tf.version['tfjs-core'],
      },
      warnings,
    };
  }
  throw new NoBackendError(fallbacks);
}

/** GANVAS_BACKEND beats the setting, so a user can get out of a broken setting without the UI. */
export function resolvePreference(
  setting: BackendPreference | undefined,
  env: Record<string, string | undefined>,
): { requested: BackendPreference; requestedBy: BackendInfo['requestedBy']; warnings: string[] } {
  const warnings: string[] = [];
  const raw = env.GANVAS_BACKEND?.trim();
  if (raw) {
    const parsed = BackendPreference.safeParse(raw.toLowerCase());
    if (parsed.success) return { requested: parsed.data, requestedBy: 'environment', warnings };
    warnings.push(
      `GANVAS_BACKEND=${raw} is not a backend Ganvas knows (use one of ${BackendPreference.options.join(', ')}); ignoring it.`,
    );
  }
  if (setting && setting !== 'auto') return { requested: setting, requestedBy: 'setting', warnings };
  return { requested: 'auto', requestedBy: 'default', warnings };
}

/**
 * How many threads the wasm backend computes with: every core (at most the build's 8), or
 * GANVAS_WASM_THREADS (1 turns threading off), from the given environment or else the process's
 * own, so a test run can set it for every backend its test files load.
 */
export function wasmThreads(env: Record<string, string | undefined>, warnings: string[] = []): number {
  const raw = (env.GANVAS_WASM_THREADS ?? process.env.GANVAS_WASM_THREADS)?.trim();
  if (raw) {
    const asked = Number(raw);
    if (Number.isInteger(asked) && asked >= 1 && asked <= MAX_WASM_THREADS) return asked;
    warnings.push(
      `GANVAS_WASM_THREADS=${raw} is not a whole number from 1 to ${MAX_WASM_THREADS}; using every core.`,
    );
  }
  return Math.min(MAX_WASM_THREADS, availableParallelism());
}

/** A forced backend first; if it fails, the ones after it, then the ones before it. */
export function tryOrder(requested: BackendPreference): BackendName[] {
  if (requested === 'auto') return [...backendNames];
  const at = backendNames.indexOf(requested);
  return [requested, ...backendNames.slice(at + 1), ...backendNames.slice(0, at)];
}

async function tryBackend(
  backend: BackendName,
  tf: TfRuntime,
  sources: BackendSources,
  cpu: string,
  threads: number,
): Promise<Attempt> {
  switch (backend) {
    case 'tensorflow-gpu': {
      // Probe first: without a GPU, tfjs-node-gpu would either fail on missing CUDA libraries or
      // quietly run on the CPU, and it would claim the 'tensorflow' name tfjs-node needs.
      const gpu = await sources.findCudaGpu().catch(() => null);
      if (!gpu) return { ok: false, reason: 'no CUDA GPU found (no NVIDIA driver was detected)' };
      const imported = await importPackage('tfjs-node-gpu', sources.importTfjsNodeGpu);
      if (imported) return imported;
      return activate(tf, 'tensorflow', 'tfjs-node-gpu', `${gpu} · CUDA`);
    }
    case 'tensorflow': {
      const imported = await importPackage('tfjs-node', sources.importTfjsNode);
      if (imported) return imported;
      return activate(tf, 'tensorflow', 'tfjs-node', `${cpu} · TensorFlow C library`);
    }
    case 'wasm': {
      try {
        await sources.importWasm();
      } catch (error) {
        return { ok: false, reason: `the wasm backend could not be imported: ${messageOf(error)}` };
      }
      let unthreaded = '';
      if (threads > 1) {
        // Threads are an optimisation: if they cannot start, one thread still trains.
        try {
          const swap = await sources.useWasmThreads(threads);
          const threaded = await activate(tf, 'wasm', 'the threaded wasm backend', '');
          if (threaded.ok) return { ok: true, device: `${cpu} · ${await describeWasm(tf, threads)}` };
          swap.restore();
          unthreaded = ` (threads failed: ${threaded.reason})`;
        } catch (error) {
          unthreaded = ` (threads failed: ${messageOf(error)})`;
        }
      }
      const activated = await activate(tf, 'wasm', 'the wasm backend', '');
      if (!activated.ok) return activated;
      return { ok: true, device: `${cpu} · ${await describeWasm(tf, 1)}${unthreaded}` };
    }
    case 'cpu':
      return activate(tf, 'cpu', 'the cpu backend', `${cpu} · plain JavaScript`);
  }
}

/** Undefined when the import worked, otherwise the failed attempt with its reason. */
async function importPackage(label: string, load: () => Promise<unknown>): Promise<Attempt | undefined> {
  try {
    await load();
    return undefined;
  } catch (error) {
    if (isMissingPackage(error, `@tensorflow/${label}`))
      return { ok: false, reason: `${label} is not installed` };
    return {
      ok: false,
      reason: `${label} is installed but its native binding failed to load: ${messageOf(error)}`,
    };
  }
}

async function activate(tf: TfRuntime, name: string, label: string, device: string): Promise<Attempt> {
  try {
    if (!(await tf.setBackend(name))) return { ok: false, reason: `${label} failed to initialise` };
    await tf.ready();
  } catch (error) {
    return { ok: false, reason: `${label} failed to initialise: ${messageOf(error)}` };
  }
  if (tf.getBackend() !== name) return { ok: false, reason: `${label} did not become the active backend` };
  return { ok: true, device };
}

async function describeWasm(tf: TfRuntime, threads: number): Promise<string> {
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return `wasm${simd ? ' SIMD' : ' (no SIMD)'}, ${threads === 1 ? '1 thread' : `${threads} threads`}`;
}

function isMissingPackage(error: unknown, pkg: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  // A missing dependency of an installed package has the same code; only the package itself counts.
  return missing && messageOf(error).includes(`'${pkg}'`);
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Native load errors run to several lines of advice; the first line says what went wrong.
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim();
}

export function describeCpu(): string {
  const model = cpus()[0]?.model.replace(/\s+/g, ' ').trim();
  const cores = availableParallelism();
  return `${model ? `CPU (${model})` : 'CPU'} · ${cores} ${cores === 1 ? 'core' : 'cores'}`;
}
