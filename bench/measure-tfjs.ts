import { parseArgs } from 'node:util';
import { BackendName } from '../main/contract/index.js';
import { loadBackend } from '../main/tf/backend-loader.js';
import { tf } from '../main/tf/tfjs.js';
import type { BenchOutcome } from './bench-case.js';
import { benchCases } from './cases/index.js';

/**
 * One case on one backend, in a process of its own so its peak memory is its own and no
 * backend's state (the wasm heap never shrinks) leaks into the next. Prints one JSON line.
 */
async function main(): Promise<BenchOutcome> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string' },
      case: { type: 'string' },
      seconds: { type: 'string', default: '6' },
    },
  });
  const backendName = BackendName.parse(values.backend);
  const runtime = `tfjs ${backendName}`;
  const benchCase = benchCases.find((c) => c.id === values.case);
  if (!benchCase) throw new Error(`No bench case "${values.case}"`);

  const skip = benchCase.skipOn?.(backendName) ?? null;
  if (skip) return { ok: false, runtime, case: benchCase.label, skipped: skip };
  const { info } = await loadBackend({ setting: backendName, env: {} });
  if (info.name !== backendName) {
    const reason =
      info.fallbacks.find((f) => f.backend === backendName)?.reason ?? `fell back to ${info.name}`;
    return { ok: false, runtime, case: benchCase.label, skipped: reason, backendMissing: true };
  }
  const measured = await benchCase.measure({ tf, backend: info, targetSeconds: Number(values.seconds) });
  return {
    ok: true,
    row: {
      // For wasm, what it ran with: "tfjs wasm SIMD, 2 threads".
      runtime: info.name === 'wasm' ? `tfjs ${info.device.split(' · ').at(-1) ?? 'wasm'}` : runtime,
      case: benchCase.label,
      ...measured,
      // resourceUsage reports kilobytes.
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    },
  };
}

main().then(
  (outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
