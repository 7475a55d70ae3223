import type { BenchRow } from './bench-case.js';

const columns: Array<{ title: string; right: boolean; cell: (row: BenchRow) => string }> = [
  { title: 'runtime', right: false, cell: (r) => r.runtime },
  { title: 'case', right: false, cell: (r) => r.case },
  { title: 'steps', right: true, cell: (r) => String(r.iterations) },
  { title: 's/step', right: true, cell: (r) => r.secondsPerIteration.toFixed(3) },
  {
    title: 'GFLOP/s',
    right: true,
    cell: (r) => (r.gflopsPerSecond === null ? '-' : r.gflopsPerSecond.toFixed(1)),
  },
  { title: 'peak RSS', right: true, cell: (r) => `${Math.round(r.peakRssMb)} MB` },
  {
    title: 'tensors/step',
    right: true,
    cell: (r) =>
      r.tensorsPerStep === null ? '-' : r.tensorsPerStep === 0 ? '0 (flat)' : `+${r.tensorsPerStep} LEAK`,
  },
];

/** A plain aligned table: easy to read in a terminal and to paste into an issue. */
export function formatTable(rows: BenchRow[]): string {
  const cells = [columns.map((c) => c.title), ...rows.map((row) => columns.map((c) => c.cell(row)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? '').length)));
  return cells
    .map((line) =>
      line
        .map((text, i) => (columns[i]?.right ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
