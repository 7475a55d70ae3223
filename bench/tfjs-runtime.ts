import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '../main/contract/index.js';
import { wasmNodeFlags } from '../main/tf/wasm-node-flags.js';
import type { BenchOutcome } from './bench-case.js';

const measureScript = join(dirname(fileURLToPath(import.meta.url)), 'measure-tfjs.js');

/** Runs one case on one TensorFlow.js backend in a fresh Node process. */
export function measureOnBackend(
  backend: BackendName,
  caseId: string,
  seconds: number,
): Promise<BenchOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      // The trainer's own Node flags (node-trainer-spawner.ts), so the figures are the trainer's.
      [
        ...wasmNodeFlags(),
        measureScript,
        '--backend',
        backend,
        '--case',
        caseId,
        '--seconds',
        String(seconds),
      ],
      { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GANVAS_BACKEND: '' } },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        if (!error && line) return resolve(JSON.parse(line) as BenchOutcome);
        const why =
          stderr
            .trim()
            .split('\n')
            .find((l) => l.trim() !== '') ??
          error?.message ??
          'no output';
        resolve({ ok: false, runtime: `tfjs ${backend}`, case: caseId, skipped: `the run failed: ${why}` });
      },
    );
  });
}
