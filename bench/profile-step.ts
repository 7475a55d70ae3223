import { parseArgs } from 'node:util';
import { BackendName } from '../main/contract/index.js';
import { loadBackend } from '../main/tf/backend-loader.js';
import { tf } from '../main/tf/tfjs.js';
import { benchCases } from './cases/index.js';
import { byKernel, profileKernels, type KernelTime } from './kernel-profiler.js';

/**
 * `node out/bench/profile-step.js --case dcgan-step-64 [--backend wasm]`: where a training step's time
 * goes, kernel by kernel (self time, so replacement kernels that call others are not counted twice),
 * and the largest single kernels by input shape. The first step (set-up) is not counted.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'wasm' },
      case: { type: 'string', default: 'dcgan-step-64' },
      top: { type: 'string', default: '25' },
    },
  });
  const backend = BackendName.parse(values.backend);
  const benchCase = benchCases.find((c) => c.id === values.case);
  if (!benchCase) throw new Error(`No bench case "${values.case}"`);
  const { info } = await loadBackend({ setting: backend, env: {} });
  const profiler = profileKernels(tf, info.name);
  // One short measurement: the case's own warm-up step, then at least two timed steps.
  let warm = false;
  const measured = await benchCase.measure({
    tf,
    backend: info,
    targetSeconds: 0,
    afterWarmUp: () => {
      profiler.reset();
      warm = true;
    },
  });
  profiler.restore();
  const times = profiler.times();
  const total = times.reduce((sum, t) => sum + t.selfMs, 0);
  const steps = measured.iterations + (warm ? 0 : 1);
  const line = (t: KernelTime) =>
    `${t.kernel.padEnd(24)} ${t.shapes.padEnd(22)} ${String(t.calls).padStart(6)} ${(t.selfMs / steps).toFixed(1).padStart(9)} ms ${((100 * t.selfMs) / total).toFixed(1).padStart(6)}%`;
  console.log(
    `${benchCase.label} on ${info.name}: ${(total / steps / 1000).toFixed(3)} s of kernels per step (${steps} steps)\n`,
  );
  console.log(
    `${'kernel'.padEnd(24)} ${'first input'.padEnd(22)} ${'calls'.padStart(6)} ${'per step'.padStart(12)} ${'share'.padStart(7)}`,
  );
  for (const t of byKernel(times).slice(0, Number(values.top))) console.log(line(t));
  console.log('\nLargest by shape:');
  for (const t of [...times].sort((a, b) => b.selfMs - a.selfMs).slice(0, Number(values.top)))
    console.log(line(t));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
