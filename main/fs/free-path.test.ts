import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePath } from './free-path.js';

describe('freePath', () => {
  it('numbers a name that is taken, from (2) on', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ganvas-free-'));
    expect(freePath(folder, 'moth')).toBe(join(folder, 'moth.png'));
    await writeFile(join(folder, 'moth.png'), '');
    await writeFile(join(folder, 'moth (2).png'), '');
    expect(freePath(folder, 'moth')).toBe(join(folder, 'moth (3).png'));
    expect(freePath(folder, 'moth', '.gif')).toBe(join(folder, 'moth.gif'));
  });
});
