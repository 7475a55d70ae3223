import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BenchRow } from './bench-case.js';
import { cycleganStepLabel } from './cases/cyclegan-step.js';
import { dcganBench } from './cases/dcgan-step.js';

const scripts = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'pytorch');

/** A reference script and the table label of its rows (one per image size it measures). */
export interface Reference {
  script: string;
  label: (size: string) => string;
}

export const dcganReference: Reference = {
  script: 'dcgan_reference.py',
  label: (size) => `DCGAN step ${size} px x${dcganBench.batch}`,
};

export const cycleganReference: Reference = {
  script: 'cyclegan_reference.py',
  label: (size) => cycleganStepLabel(Number(size)),
};
/** TFJS-NOTES: Debian's torch uses reference BLAS unless pointed at OpenBLAS, which is ~8x faster. */
const openBlas = '/usr/lib/x86_64-linux-gnu/openblas-openmp';

const ReferenceOutput = z.object({
  torch: z.string(),
  threads: z.number(),
  /** The whole Python process's peak, over every size it ran. */
  peakRssMb: z.number().default(0),
  sizes: z.record(z.string(), z.object({ secondsPerStep: z.number(), iterations: z.number() })),
});
export type ReferenceOutput = z.infer<typeof ReferenceOutput>;

export type ReferenceOutcome = { ok: true; rows: BenchRow[]; note: string } | { ok: false; skipped: string };

/** The first Python that can import torch (Debian's python3-torch is for /usr/bin/python3). */
export function findTorchPython(candidates = ['/usr/bin/python3', 'python3']): string | null {
  for (const python of candidates) {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
      return python;
    } catch {
      // Not this one.
    }
  }
  return null;
}

/** Rows in the table's shape from the script's JSON line. */
export function referenceRows(
  output: ReferenceOutput,
  runtime: string,
  reference: Reference = dcganReference,
): BenchRow[] {
  return Object.entries(output.sizes).map(([size, result]) => ({
    runtime,
    case: reference.label(size),
    iterations: result.iterations,
    secondsPerIteration: result.secondsPerStep,
    gflopsPerSecond: null,
    peakRssMb: output.peakRssMb,
    tensorsPerStep: null,
  }));
}

/** Runs a PyTorch reference (the DCGAN step's unless told); never fails the bench, says why it was skipped instead. */
export function measurePyTorch(
  seconds: number,
  reference: Reference = dcganReference,
): Promise<ReferenceOutcome> {
  const python = findTorchPython();
  if (!python) {
    return Promise.resolve({
      ok: false,
      skipped:
        'PyTorch is not installed, so there is no ratio to it. On Debian: apt-get install python3-torch libopenblas0-openmp',
    });
  }
  const withOpenBlas = existsSync(openBlas);
  const env = withOpenBlas
    ? { ...process.env, LD_LIBRARY_PATH: [openBlas, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') }
    : process.env;
  return new Promise((resolve) => {
    execFile(
      python,
      [join(scripts, reference.script), '--seconds', String(seconds)],
      { env, timeout: 15 * 60_000 },
      (error, stdout, stderr) => {
        const parsed = ReferenceOutput.safeParse(safeJson(stdout.trim().split('\n').at(-1) ?? ''));
        if (error || !parsed.success) {
          resolve({
            ok: false,
            skipped: `the PyTorch reference failed: ${stderr.trim().split('\n').at(-1) ?? error?.message}`,
          });
          return;
        }
        const blas = withOpenBlas
          ? 'OpenBLAS'
          : 'reference BLAS (install libopenblas0-openmp for a fair figure)';
        const runtime = `pytorch ${parsed.data.torch}`;
        resolve({
          ok: true,
          rows: referenceRows(parsed.data, runtime, reference),
          note: `${runtime}: ${parsed.data.threads} threads, ${blas}, the same models, batches and optimizers (bench/pytorch/)`,
        });
      },
    );
  });
}

/** "Ganvas / PyTorch" for each tfjs row with a PyTorch row of the same case: above 1 is slower than PyTorch. */
export function ratioLines(rows: BenchRow[], reference: BenchRow[]): string[] {
  return rows.flatMap((row) => {
    const match = reference.find((ref) => ref.case === row.case);
    if (!match || match.secondsPerIteration <= 0) return [];
    const ratio = row.secondsPerIteration / match.secondsPerIteration;
    return [`${row.runtime} / ${match.runtime}, ${row.case}: ${ratio.toFixed(2)}x the time per step`];
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
