import type { tf as tfjs } from '../main/tf/tfjs.js';

/** Time spent in one kernel, by name and the shape of its first input. */
export interface KernelTime {
  kernel: string;
  shapes: string;
  calls: number;
  /** Time in the kernel itself, not in kernels it called (the replacement kernels call others). */
  selfMs: number;
}

/**
 * Wraps every kernel a backend has so each call is timed (kernels on the cpu and wasm backends are
 * synchronous, so the wall time of the call is the kernel's time). Returns what was measured and a
 * function that puts the original kernels back.
 */
export function profileKernels(tf: typeof tfjs, backend: string) {
  const times = new Map<string, KernelTime>();
  const stack: number[] = [];
  const originals = tf.getKernelsForBackend(backend);
  for (const config of originals) {
    const original = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const started = performance.now();
        stack.push(0);
        try {
          return original(args);
        } finally {
          const total = performance.now() - started;
          const children = stack.pop() ?? 0;
          if (stack.length > 0) stack[stack.length - 1] = (stack.at(-1) ?? 0) + total;
          const first = Object.values(args.inputs)[0] as { shape: number[] } | undefined;
          const shapes = first ? first.shape.join('×') : '';
          const key = `${config.kernelName} ${shapes}`;
          const entry = times.get(key) ?? { kernel: config.kernelName, shapes, calls: 0, selfMs: 0 };
          entry.calls += 1;
          entry.selfMs += total - children;
          times.set(key, entry);
        }
      },
    });
  }
  return {
    times: () => [...times.values()],
    reset: () => times.clear(),
    restore: () => {
      for (const config of originals) {
        tf.unregisterKernel(config.kernelName, backend);
        tf.registerKernel(config);
      }
    },
  };
}

/** Per kernel name (all shapes together), largest share first. */
export function byKernel(times: KernelTime[]): KernelTime[] {
  const merged = new Map<string, KernelTime>();
  for (const time of times) {
    const entry = merged.get(time.kernel) ?? { kernel: time.kernel, shapes: '*', calls: 0, selfMs: 0 };
    entry.calls += time.calls;
    entry.selfMs += time.selfMs;
    merged.set(time.kernel, entry);
  }
  return [...merged.values()].sort((a, b) => b.selfMs - a.selfMs);
}
