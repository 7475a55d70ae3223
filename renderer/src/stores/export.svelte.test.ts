import type { Project, Provenance } from '$contract';
import { describe, expect, it } from 'vitest';
import type { DesktopFiles } from '../lib/ganvas-bridge.js';
import { ExploreStore } from './explore.svelte.js';
import { ExportStore } from './export.svelte.js';
import { JobsStore } from './jobs.svelte.js';
import { FakeApi } from './test-support/fake-api.js';

function setUp(desktop: DesktopFiles | null = null) {
  const api = new FakeApi();
  const explore = new ExploreStore(api);
  explore.project = { id: 'p1', name: 'Moths' } as Project;
  explore.runId = 'r1';
  explore.point = { seed: 7, truncation: 0.8, moves: [{ direction: 0, amount: 1.5 }], dimensions: [] };
  const exports = new ExportStore(api, explore, new JobsStore(api), desktop);
  return { api, explore, exports };
}

const desktop = (answer: string | null): DesktopFiles => ({
  pathForFile: () => '',
  pickPaths: async () => [],
  pickSavePath: async () => answer,
});

describe('the Export view’s store', () => {
  it('exports the explorer’s current image with its sliders, and asks before replacing', async () => {
    const { api, exports } = setUp();
    exports.form.name = 'wall.png';
    api.fail('export:images', 'conflict', 'A file already exists there (wall.png).');
    await exports.start();
    expect(exports.replace?.message).toContain('already exists');
    expect(api.callsOf('export:images')).toEqual([
      {
        projectId: 'p1',
        runId: 'r1',
        useEma: true,
        out: 'wall.png',
        items: [
          { point: { seed: 7, truncation: 0.8, moves: [{ direction: 0, amount: 1.5 }], dimensions: [] } },
        ],
        size: 1024,
        kernel: 'lanczos',
        overwrite: false,
      },
    ]);
    api.handle('export:images', () => ({ jobId: 'j1' }));
    await exports.start(true);
    expect(exports.jobId).toBe('j1');
    expect(exports.replace).toBeNull();
    expect(api.callsOf('export:images').at(-1)).toMatchObject({ out: 'wall.png', overwrite: true });
  });

  it('in Electron, saves where the system’s save dialog says (which has asked about replacing)', async () => {
    const { api, exports } = setUp(desktop('/home/me/Pictures/moth.png'));
    api.handle('export:images', () => ({ jobId: 'j2' }));
    await exports.start();
    expect(api.callsOf('export:images')).toMatchObject([
      { out: '/home/me/Pictures/moth.png', overwrite: true },
    ]);
    const cancelled = setUp(desktop(null));
    await cancelled.exports.start();
    expect(cancelled.api.callsOf('export:images')).toEqual([]);
  });

  it('makes an animation of fps × seconds through three seeds when the explorer has no keyframes', async () => {
    const { api, exports } = setUp();
    exports.form.kind = 'animation';
    exports.form.firstSeed = 4;
    api.handle('export:animation', () => ({ jobId: 'j3' }));
    await exports.start();
    expect(api.callsOf('export:animation')).toMatchObject([
      { keyframes: [{ seed: 4 }, { seed: 5 }, { seed: 6 }], formats: ['gif', 'mp4'], fps: 24, seconds: 3 },
    ]);
    exports.form.animationSource = 'training';
    exports.form.scale = 2;
    api.handle('export:timeline', () => ({ jobId: 'j4' }));
    await exports.start();
    expect(api.callsOf('export:timeline')).toMatchObject([
      { runId: 'r1', formats: ['gif', 'mp4'], scale: 2 },
    ]);
    exports.form.formats = [];
    await exports.start();
    expect(exports.error).toBe('Choose at least one format.');
  });

  it('reopens a dropped PNG in the explorer, or says why it cannot', async () => {
    const { api, explore, exports } = setUp();
    const provenance = {
      run: { id: 'r1', name: 'First' },
      step: 40,
      useEma: true,
      point: { seed: 12, truncation: 1, moves: [], dimensions: [] },
    } as unknown as Provenance;
    api.handle('export:inspect-png', () => ({ provenance, problem: null }));
    api.handle('runs:list', () => []);
    api.handle('favorites:list', () => []);
    const png = new Blob([Uint8Array.of(0x89, 0x50, 0x4e, 0x47)]);
    expect(await exports.reopen(png)).toBe(provenance);
    expect(api.callsOf('export:inspect-png')).toEqual([{ head: 'iVBORw==', projectId: 'p1' }]);
    expect(explore.point.seed).toBe(12);
    expect([explore.runId, explore.step]).toEqual(['r1', 40]);
    expect(exports.reopened).toContain('seed 12 of “First” at step 40');
    api.handle('export:inspect-png', () => ({
      provenance,
      problem: 'The run “First” no longer has its checkpoint.',
    }));
    expect(await exports.reopen(png)).toBeNull();
    expect(exports.error).toContain('no longer has its checkpoint');
  });
});
