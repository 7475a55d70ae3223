import { describe, expect, it } from 'vitest';
import { cycleSettings, presets } from '../contract/index.js';
import { makeProject } from '../datasets/test-support/fixtures.js';
import { createRun } from '../training/run-store.js';
import { requireDcgan } from './require-dcgan.js';

describe('requireDcgan', () => {
  it('lets a DCGAN through and turns a CycleGAN away towards translation', async () => {
    const root = await makeProject();
    const base = { datasetId: 'd', domain: 'A' as const, preset: 'quick' as const, parent: null };
    const dcgan = await createRun(root, { ...base, name: 'Moths', settings: presets.quick.settings });
    const cycle = await createRun(root, {
      ...base,
      name: 'Shapes to textures',
      settings: {
        ...presets.quick.settings,
        model: 'cyclegan',
        size: 64,
        batchSize: 1,
        cycle: cycleSettings(6),
      },
    });
    expect(requireDcgan(dcgan)).toBe(dcgan);
    expect(() => requireDcgan(cycle)).toThrow(/“Shapes to textures” is a CycleGAN.*Translate view/);
  });
});
