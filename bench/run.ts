import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { BackendName, backendNames } from '../main/contract/index.js';
import type { BenchOutcome, BenchRow } from './bench-case.js';
import { bestOfRuns } from './best-of-runs.js';
import { benchCases } from './cases/index.js';
import { formatTable } from './format-table.js';
import { benchExplorer } from './explorer-bench.js';
import { benchExport } from './export-bench.js';
import { benchImport } from './import-bench.js';
import { cycleganReference, dcganReference, measurePyTorch, ratioLines } from './pytorch-reference.js';
import { measureOnBackend } from './tfjs-runtime.js';

/**
 * `npm run bench`: every case on every TensorFlow.js backend that loads here, one table on
 * stdout. Exits 1 if any step leaks tensors. Reference runtimes (e.g. PyTorch) plug in as
 * further sources of rows beside measureOnBackend.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    allowNegative: true,
    options: {
      backends: { type: 'string', default: backendNames.join(',') },
      cases: { type: 'string', default: benchCases.map((c) => c.id).join(',') },
      seconds: { type: 'string', default: '6' },
      runs: { type: 'string', default: '3' },
      'pytorch-runs': { type: 'string', default: '5' },
      import: { type: 'string', default: '600' },
      pytorch: { type: 'boolean', default: true },
      explorer: { type: 'boolean', default: true },
      export: { type: 'boolean', default: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      `Usage: node out/bench/run.js [--backends ${backendNames.join(',')}] [--cases ${benchCases.map((c) => c.id).join(',')}] [--seconds 6] [--runs 3] [--pytorch-runs 5] [--import 600 (0 skips)] [--no-pytorch] [--no-explorer] [--no-export]`,
    );
    return 0;
  }
  const backends = values.backends.split(',').map((name) => BackendName.parse(name.trim()));
  const cases = values.cases.split(',').map((id) => {
    const found = benchCases.find((c) => c.id === id.trim());
    if (!found) throw new Error(`No bench case "${id}"; there are ${benchCases.map((c) => c.id).join(', ')}`);
    return found;
  });
  const seconds = Number(values.seconds);
  // Every case compared with PyTorch, Ganvas's side and PyTorch's alike, runs this many times,
  // each in a fresh process; the table keeps each one's fastest run (bestOfRuns says why).
  const runs = Math.max(1, Math.round(Number(values.runs)));
  // More for PyTorch: one of its processes runs a step half again as long as the next (OpenMP's
  // spinning threads on two cores, measured both ways); its fastest is what it can do.
  const pytorchRuns = Math.max(1, Math.round(Number(values['pytorch-runs'])));
  const references = [
    { reference: dcganReference, prefix: 'dcgan-step' },
    { reference: cycleganReference, prefix: 'cyclegan-step' },
  ];
  const comparedWithPyTorch = (id: string) =>
    values.pytorch && references.some(({ prefix }) => id.startsWith(prefix));

  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(`Ganvas benchmarks · Node ${process.versions.node} · ${cpu} · ${availableParallelism()} cores`);
  console.log('GFLOP/s counts convolution multiply-adds (2 FLOPs each) of the forward and backward pass.\n');

  const runRows: BenchRow[][] = [];
  const skipped: string[] = [];
  for (const backend of backends) {
    cases: for (const benchCase of cases) {
      for (let run = 0; run < (comparedWithPyTorch(benchCase.id) ? runs : 1); run++) {
        const outcome: BenchOutcome = await measureOnBackend(backend, benchCase.id, seconds);
        if (outcome.ok) {
          runRows.push([outcome.row]);
          continue;
        }
        skipped.push(`${outcome.runtime}: ${outcome.skipped}`);
        // A backend that does not load here fails every case the same way.
        if (outcome.backendMissing) break cases;
        break;
      }
    }
  }
  const rows = bestOfRuns(runRows);
  let ratios: string[] = [];
  let referenceNote = '';
  for (const { reference, prefix } of references) {
    if (!values.pytorch || !cases.some((c) => c.id.startsWith(prefix))) continue;
    const measuredRows: BenchRow[][] = [];
    for (let run = 0; run < pytorchRuns; run++) {
      const measured = await measurePyTorch(seconds, reference);
      if (!measured.ok) {
        skipped.push(`pytorch (${reference.script}): ${measured.skipped}`);
        break;
      }
      const labels = new Set(cases.map((c) => c.label));
      measuredRows.push(measured.rows.filter((row) => labels.has(row.case)));
      referenceNote = measured.note;
    }
    const matching = bestOfRuns(measuredRows);
    ratios = [...ratios, ...ratioLines(rows, matching)];
    rows.push(...matching);
  }
  if (referenceNote) {
    referenceNote += `; each case's fastest of ${runs} runs for Ganvas and ${pytorchRuns} for PyTorch, each in a fresh process`;
  }
  console.log(formatTable(rows));
  if (ratios.length > 0)
    console.log(`\nGanvas / PyTorch (${referenceNote}):\n${ratios.map((l) => `  ${l}`).join('\n')}`);
  if (skipped.length > 0) console.log(`\nSkipped:\n${skipped.map((line) => `  ${line}`).join('\n')}`);

  const importCount = Number(values.import);
  if (importCount > 0) {
    const result = await benchImport(importCount);
    console.log(
      `\nDataset import: ${result.count} JPEGs (256 px) -> 64 px cache: ${result.seconds.toFixed(2)} s, ` +
        `${result.imagesPerSecond.toFixed(0)} images/s (goal: at least 300; median of ` +
        `${result.rounds.map((rate) => rate.toFixed(0)).join(', ')}; ${result.coresUsed.toFixed(1)} cores busy)`,
    );
  }
  if (values.explorer) {
    const figures = await benchExplorer();
    console.log('\nExplorer, DCGAN 64 px (Standard model), milliseconds per request (p50 / p95):');
    for (const f of figures)
      console.log(`  ${f.label}: ${f.p50Ms.toFixed(1)} / ${f.p95Ms.toFixed(1)} ms (${f.frames} frames)`);
  }
  if (values.export) {
    console.log('\nExport, a 3-second loop (72 frames at 24 fps), seconds to encode and file size:');
    for (const f of await benchExport())
      console.log(`  ${f.label}: ${f.seconds.toFixed(2)} s, ${(f.bytes / 1024).toFixed(0)} KiB`);
  }
  const leaking = rows.filter((row) => row.tensorsPerStep !== null && row.tensorsPerStep !== 0);
  if (leaking.length > 0)
    console.log(`\nLeaking tensors: ${leaking.map((r) => `${r.runtime} ${r.case}`).join(', ')}`);
  return leaking.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Benchmark failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
