import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { BackendName, BackendPreference } from '../contract/index.js';
import {
  loadBackend,
  resolvePreference,
  tryOrder,
  wasmThreads,
  type BackendSources,
  type TfRuntime,
} from './backend-loader.js';

/** A stand-in for tfjs that knows only the backends an import has "registered". */
function fakeTf(registered: string[] = ['cpu']) {
  let active = '';
  const runtime: TfRuntime = {
    async setBackend(name) {
      if (!registered.includes(name)) return false;
      active = name;
      return true;
    },
    async ready() {},
    getBackend: () => active,
    env: () => ({ getAsync: async (flag: string) => flag === 'WASM_HAS_SIMD_SUPPORT' }),
    version: { tfjs: '4.22.0', 'tfjs-core': '4.22.0' },
  };
  return { runtime, registered };
}

function missing(pkg: string): Error {
  return Object.assign(
    new Error(`Cannot find package '${pkg}' imported from /app/main/tf/backend-loader.js`),
    {
      code: 'ERR_MODULE_NOT_FOUND',
    },
  );
}

const brokenBinding = new Error(
  'The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/tfjs_binding.node. \nPlease run command ...',
);

/** Nothing native here, like this machine: no GPU, tfjs-node absent, wasm fine, and its threads start. */
function sources(registered: string[], overrides: Partial<BackendSources> = {}): BackendSources {
  return {
    findCudaGpu: async () => null,
    importTfjsNodeGpu: async () => Promise.reject(missing('@tensorflow/tfjs-node-gpu')),
    importTfjsNode: async () => Promise.reject(missing('@tensorflow/tfjs-node')),
    importWasm: async () => {
      registered.push('wasm');
      return {};
    },
    useWasmThreads: async () => ({ restore: () => undefined }),
    ...overrides,
  };
}

const cores = Math.min(8, availableParallelism());
const describeThreads = (count: number) => (count === 1 ? '1 thread' : `${count} threads`);
/** What loading with no GANVAS_WASM_THREADS of its own gives here (the test run may set one). */
const threadsHere = describeThreads(wasmThreads({}));

function load(options: {
  setting?: BackendPreference;
  env?: Record<string, string>;
  sources?: Partial<BackendSources>;
}) {
  const { runtime, registered } = fakeTf();
  const prepared: BackendName[] = [];
  const result = loadBackend({
    tf: runtime,
    env: options.env ?? {},
    sources: sources(registered, options.sources),
    prepare: (backend) => prepared.push(backend),
    cpuDescription: 'CPU · 2 cores',
    ...(options.setting ? { setting: options.setting } : {}),
  });
  return { result, prepared };
}

describe('loadBackend', () => {
  it('tries tfjs-node-gpu, tfjs-node, wasm, cpu in that order and says why each was skipped', async () => {
    const { result, prepared } = load({});
    const { info } = await result;
    expect(info).toMatchObject({
      name: 'wasm',
      requested: 'auto',
      requestedBy: 'default',
      tfjsVersion: '4.22.0',
    });
    expect(info.device).toBe(`CPU · 2 cores · wasm SIMD, ${threadsHere}`);
    expect(info.fallbacks).toEqual([
      { backend: 'tensorflow-gpu', reason: 'no CUDA GPU found (no NVIDIA driver was detected)' },
      { backend: 'tensorflow', reason: 'tfjs-node is not installed' },
    ]);
    expect(prepared).toEqual(['wasm']);
  });

  it('runs wasm on as many threads as GANVAS_WASM_THREADS asks, and on one when it says 1', async () => {
    const asked: number[] = [];
    const device = async (threads: string) => {
      const { runtime, registered } = fakeTf();
      const base = sources(registered);
      const { info } = await loadBackend({
        tf: runtime,
        env: { GANVAS_WASM_THREADS: threads },
        prepare: () => undefined,
        cpuDescription: 'CPU · 2 cores',
        sources: {
          ...base,
          useWasmThreads: async (n) => {
            asked.push(n);
            return base.useWasmThreads(n);
          },
        },
      });
      return info.device;
    };
    expect(await device('4')).toBe('CPU · 2 cores · wasm SIMD, 4 threads');
    expect(await device('1')).toBe('CPU · 2 cores · wasm SIMD, 1 thread');
    expect(asked).toEqual([4]);
  });

  it('warns about a GANVAS_WASM_THREADS it cannot use and uses every core', async () => {
    const { result } = load({ setting: 'wasm', env: { GANVAS_WASM_THREADS: 'lots' } });
    const { info, warnings } = await result;
    expect(warnings).toEqual([expect.stringContaining('GANVAS_WASM_THREADS=lots is not a whole number')]);
    expect(info.device).toBe(`CPU · 2 cores · wasm SIMD, ${describeThreads(cores)}`);
  });

  it('trains on one wasm thread, and says why, when the threads cannot start', async () => {
    const failing = load({
      setting: 'wasm',
      env: { GANVAS_WASM_THREADS: '2' },
      sources: { useWasmThreads: async () => Promise.reject(new Error('no SharedArrayBuffer')) },
    });
    const { info } = await failing.result;
    expect(info).toMatchObject({ name: 'wasm', fallbacks: [] });
    expect(info.device).toBe('CPU · 2 cores · wasm SIMD, 1 thread (threads failed: no SharedArrayBuffer)');

    // The threaded build is in place but does not initialise: the stock one is put back.
    const { runtime, registered } = fakeTf();
    let restored = false;
    const { info: second } = await loadBackend({
      tf: runtime,
      env: { GANVAS_WASM_THREADS: '2' },
      prepare: () => undefined,
      cpuDescription: 'CPU · 2 cores',
      sources: sources(registered, {
        useWasmThreads: async () => {
          registered.splice(registered.indexOf('wasm'), 1);
          return {
            restore: () => {
              restored = true;
              registered.push('wasm');
            },
          };
        },
      }),
    });
    expect(restored).toBe(true);
    expect(second.device).toBe(
      'CPU · 2 cores · wasm SIMD, 1 thread (threads failed: the threaded wasm backend failed to initialise)',
    );
  });

  it('takes the GPU when a CUDA device is there and tfjs-node-gpu loads', async () => {
    const { runtime, registered } = fakeTf();
    const { info } = await loadBackend({
      tf: runtime,
      env: {},
      prepare: () => undefined,
      sources: sources(registered, {
        findCudaGpu: async () => 'NVIDIA GeForce RTX 3060',
        importTfjsNodeGpu: async () => registered.push('tensorflow'),
      }),
    });
    expect(info).toMatchObject({
      name: 'tensorflow-gpu',
      device: 'NVIDIA GeForce RTX 3060 · CUDA',
      fallbacks: [],
    });
  });

  it('explains a GPU machine whose tfjs-node-gpu is missing, then uses tfjs-node', async () => {
    const { runtime, registered } = fakeTf();
    const { info } = await loadBackend({
      tf: runtime,
      env: {},
      prepare: () => undefined,
      cpuDescription: 'CPU · 8 cores',
      sources: sources(registered, {
        findCudaGpu: async () => 'NVIDIA A100',
        importTfjsNode: async () => registered.push('tensorflow'),
      }),
    });
    expect(info.name).toBe('tensorflow');
    expect(info.device).toBe('CPU · 8 cores · TensorFlow C library');
    expect(info.fallbacks).toEqual([{ backend: 'tensorflow-gpu', reason: 'tfjs-node-gpu is not installed' }]);
  });

  it('uses a backend forced by the setting, without trying the faster ones', async () => {
    const { result } = load({ setting: 'cpu' });
    const { info } = await result;
    expect(info).toMatchObject({ name: 'cpu', requested: 'cpu', requestedBy: 'setting', fallbacks: [] });
    expect(info.device).toBe('CPU · 2 cores · plain JavaScript');
  });

  it('falls back from a forced backend that is broken, and says why', async () => {
    const { result } = load({
      setting: 'tensorflow',
      sources: { importTfjsNode: async () => Promise.reject(brokenBinding) },
    });
    const { info } = await result;
    expect(info).toMatchObject({ name: 'wasm', requested: 'tensorflow', requestedBy: 'setting' });
    expect(info.fallbacks).toEqual([
      {
        backend: 'tensorflow',
        reason:
          'tfjs-node is installed but its native binding failed to load: The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/tfjs_binding.node.',
      },
    ]);
  });

  it('treats a missing dependency of an installed package as a broken install, not a missing one', async () => {
    const { result } = load({
      setting: 'tensorflow',
      sources: { importTfjsNode: async () => Promise.reject(missing('@mapbox/node-pre-gyp')) },
    });
    const { info } = await result;
    expect(info.fallbacks[0]?.reason).toMatch(
      /^tfjs-node is installed but its native binding failed to load: Cannot find/,
    );
  });

  it('lets GANVAS_BACKEND beat the setting', async () => {
    const { result } = load({ setting: 'wasm', env: { GANVAS_BACKEND: 'cpu' } });
    const { info } = await result;
    expect(info).toMatchObject({ name: 'cpu', requested: 'cpu', requestedBy: 'environment' });
  });

  it('ignores an unknown GANVAS_BACKEND with a warning and keeps the setting', async () => {
    const { result } = load({ setting: 'cpu', env: { GANVAS_BACKEND: 'gpu' } });
    const { info, warnings } = await result;
    expect(info).toMatchObject({ name: 'cpu', requestedBy: 'setting' });
    expect(warnings).toEqual([expect.stringContaining('GANVAS_BACKEND=gpu is not a backend Ganvas knows')]);
  });

  it('fails with every reason when nothing at all starts', async () => {
    const { runtime } = fakeTf([]);
    await expect(
      loadBackend({
        tf: runtime,
        env: {},
        prepare: () => undefined,
        sources: sources([], { importWasm: async () => Promise.reject(new Error('no WebAssembly')) }),
      }),
    ).rejects.toThrow(
      /No TensorFlow.js backend could start: .*wasm: the wasm backend could not be imported: no WebAssembly; cpu: the cpu backend failed to initialise/,
    );
  });

  it('really loads the wasm backend in Node, with SIMD, threads and its missing gradient kernel added', async () => {
    const { info, warnings } = await loadBackend({ setting: 'wasm', env: {} });
    expect(warnings).toEqual([]);
    expect(info).toMatchObject({
      name: 'wasm',
      requested: 'wasm',
      fallbacks: [],
      tfjsVersion: tf.version.tfjs,
    });
    // tfjs turns wasm threads off under Node (tfjs issue 3830); threaded-wasm.ts turns them on.
    expect(info.device).toMatch(new RegExp(` · wasm SIMD, ${threadsHere}$`));
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const sum = tf.tidy(
      () =>
        tf
          .grad((w: tf.Tensor) =>
            tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid').sum(),
          )(tf.ones([2, 2, 1, 1]) as tf.Tensor4D)
          .sum()
          .dataSync()[0],
    );
    expect(sum).toBe(36);
  });
});

describe('resolvePreference and tryOrder', () => {
  it('reads the environment case-insensitively and treats an empty value as unset', () => {
    expect(resolvePreference('wasm', { GANVAS_BACKEND: ' CPU ' })).toMatchObject({
      requested: 'cpu',
      requestedBy: 'environment',
    });
    expect(resolvePreference('wasm', { GANVAS_BACKEND: '' })).toMatchObject({
      requested: 'wasm',
      requestedBy: 'setting',
    });
    expect(resolvePreference('auto', {})).toMatchObject({ requested: 'auto', requestedBy: 'default' });
  });

  it('tries a forced backend first, then the slower ones, then the faster ones', () => {
    expect(tryOrder('auto')).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    expect(tryOrder('tensorflow')).toEqual(['tensorflow', 'wasm', 'cpu', 'tensorflow-gpu']);
    expect(tryOrder('cpu')).toEqual(['cpu', 'tensorflow-gpu', 'tensorflow', 'wasm']);
  });
});
