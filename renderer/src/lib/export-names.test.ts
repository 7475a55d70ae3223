import { describe, expect, it } from 'vitest';
import { suggestedName } from './export-names.js';

const at = Date.UTC(2026, 11, 5, 21, 30, 15);

describe('suggested export names', () => {
  it('say what an export is and when it was made', () => {
    expect(suggestedName({ kind: 'image', source: 'current', size: 1024 }, 7, at)).toBe('seed-7-1024px.png');
    expect(suggestedName({ kind: 'image', source: 'seeds', size: 64 }, 7, at)).toBe(
      'images-2026-12-05-21-30-15',
    );
    expect(suggestedName({ kind: 'sheet', source: 'seeds', size: 64 }, 7, at)).toBe(
      'sheet-2026-12-05-21-30-15.png',
    );
    expect(suggestedName({ kind: 'animation', source: 'seeds', size: 64 }, 7, at)).toBe(
      'loop-2026-12-05-21-30-15',
    );
    expect(suggestedName({ kind: 'archive', source: 'seeds', size: 64 }, 7, at)).toBe(
      'archive-2026-12-05-21-30-15.zip',
    );
  });
});
