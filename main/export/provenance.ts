import { Provenance } from '../contract/index.js';
import { readTextChunks, withTextChunks, type TextEntry } from './png-text-chunks.js';

/** The keyword of the chunk that holds the provenance as JSON. */
export const provenanceKeyword = 'ganvas:provenance';

/** The chunks an exported PNG carries: the provenance as JSON, and a line any image viewer shows. */
export function provenanceEntries(provenance: Provenance): TextEntry[] {
  const { point } = provenance;
  const moves = point.moves.length > 0 ? `, ${point.moves.length} direction moves` : '';
  return [
    { keyword: 'Software', text: `Ganvas ${provenance.app}` },
    {
      keyword: 'Description',
      text:
        `${provenance.project.name} — run “${provenance.run.name}”, step ${provenance.step}, ` +
        `seed ${point.seed}, truncation ${point.truncation}${moves}`,
    },
    { keyword: provenanceKeyword, text: JSON.stringify(provenance) },
  ];
}

export function withProvenance(png: Uint8Array, provenance: Provenance): Uint8Array {
  return withTextChunks(png, provenanceEntries(provenance));
}

export type ReadProvenance = { ok: true; provenance: Provenance } | { ok: false; problem: string };

/** The provenance of a PNG (or of the head of one), or why there is none. */
export function readProvenance(bytes: Uint8Array): ReadProvenance {
  let entries: TextEntry[];
  try {
    entries = readTextChunks(bytes);
  } catch {
    return { ok: false, problem: 'This is not a PNG file. Drop a PNG that Ganvas exported.' };
  }
  const entry = entries.find((e) => e.keyword === provenanceKeyword);
  if (!entry) {
    return {
      ok: false,
      problem: 'This PNG does not say how it was made: only PNGs exported by Ganvas can be reopened.',
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(entry.text);
  } catch {
    return {
      ok: false,
      problem: 'The provenance in this PNG is damaged (not JSON), so it cannot be reopened.',
    };
  }
  const parsed = Provenance.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problem:
        'The provenance in this PNG comes from another Ganvas version or is damaged, so it cannot be reopened.',
    };
  }
  return { ok: true, provenance: parsed.data };
}
