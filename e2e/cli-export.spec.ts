import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { readProvenance } from '../main/export/provenance.js';
import { inspectMp4, inspectWebm } from '../main/export/test-support/media-inspect.js';

/** `ganvas export` and `ganvas import-archive` through the built CLI and a real trainer process. */
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'out/main/cli.js');

let home: string;
let env: NodeJS.ProcessEnv;

test.beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'ganvas-e2e-cli-export-'));
  env = {
    ...process.env,
    GANVAS_HOME: join(home, 'home'),
    GANVAS_PROJECTS_DIR: join(home, 'Projects'),
    XDG_DATA_HOME: join(home, 'xdg'),
    GANVAS_BACKEND: 'wasm',
  };
});
test.afterAll(() => rmSync(home, { recursive: true, force: true }));

type Line = Record<string, unknown> & { type: string };

function ganvas(args: string[], expectedStatus = 0): Line[] {
  const run = spawnSync(process.execPath, [cli, ...args, '--json'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, `${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(expectedStatus);
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
}

async function writeImages(folder: string, count: number) {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    const hue = (i * 37) % 255;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="rgb(${hue},${255 - hue},120)"/><circle cx="${8 + (i % 16)}" cy="16" r="${4 + (i % 6)}" fill="#fff"/></svg>`;
    writeFileSync(join(folder, `blob-${i}.png`), await sharp(Buffer.from(svg)).png().toBuffer());
  }
}

test('ganvas export writes every kind of export, never over a file unless told, and import-archive brings a project back', async () => {
  test.setTimeout(300_000);
  const project = join(home, 'Blobs.ganvas');
  ganvas(['project', 'create', project]);
  await writeImages(join(home, 'pictures'), 24);
  ganvas(['import', project, join(home, 'pictures'), '--size', '32']);
  ganvas(['train', project, '--steps', '20', '--batch', '8']);
  const out = join(home, 'out');

  const image = ganvas([
    'export',
    project,
    '--what',
    'image',
    '--seed',
    '7',
    '--size',
    '256',
    '--out',
    join(out, 'seven.png'),
  ]);
  expect(image.at(-1)).toMatchObject({ type: 'result', files: [join(out, 'seven.png')] });
  const png = readFileSync(join(out, 'seven.png'));
  const read = readProvenance(png);
  expect(read.ok && [read.provenance.point.seed, read.provenance.size, read.provenance.resize]).toEqual([
    7,
    256,
    'lanczos',
  ]);
  // Never over an existing file without --overwrite.
  const refused = ganvas(
    ['export', project, '--what', 'image', '--seed', '8', '--out', join(out, 'seven.png')],
    1,
  );
  expect(refused.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('already exists') });
  expect(readFileSync(join(out, 'seven.png')).equals(png)).toBe(true);
  ganvas([
    'export',
    project,
    '--what',
    'image',
    '--seed',
    '8',
    '--out',
    join(out, 'seven.png'),
    '--overwrite',
  ]);
  const replaced = readProvenance(readFileSync(join(out, 'seven.png')));
  expect(replaced.ok && replaced.provenance.point.seed).toBe(8);

  ganvas(['export', project, '--what', 'image', '--seeds', '0-3', '--out', join(out, 'batch')]);
  expect(readdirSync(join(out, 'batch')).sort()).toEqual([
    '0001 seed 0.png',
    '0002 seed 1.png',
    '0003 seed 2.png',
    '0004 seed 3.png',
  ]);

  ganvas([
    'export',
    project,
    '--what',
    'animation',
    '--from',
    '1',
    '--via',
    '2',
    '--to',
    '3',
    '--seconds',
    '1',
    '--fps',
    '12',
    '--size',
    '64',
    '--format',
    'webm,webp,png-frames,mp4',
    '--out',
    join(out, 'loop'),
  ]);
  expect(inspectMp4(readFileSync(join(out, 'loop.mp4')))).toMatchObject({
    width: 64,
    height: 64,
    frames: 12,
  });
  expect(inspectWebm(readFileSync(join(out, 'loop.webm'))).frames).toHaveLength(12);
  expect((await sharp(readFileSync(join(out, 'loop.webp'))).metadata()).width).toBe(64);
  expect(readdirSync(join(out, 'loop-frames'))).toHaveLength(12);

  ganvas([
    'export',
    project,
    '--what',
    'timeline',
    '--format',
    'gif',
    '--scale',
    '2',
    '--out',
    join(out, 'training'),
  ]);
  expect(existsSync(join(out, 'training.gif'))).toBe(true);

  ganvas([
    'export',
    project,
    '--what',
    'sheet',
    '--seeds',
    '0-5',
    '--columns',
    '3',
    '--spacing',
    '2',
    '--out',
    join(out, 'sheet.png'),
  ]);
  expect((await sharp(join(out, 'sheet.png')).metadata()).width).toBe(3 * 32 + 4 * 2);

  ganvas(['export', project, '--what', 'model', '--out', join(out, 'web')]);
  expect(readdirSync(join(out, 'web')).sort()).toEqual([
    'index.html',
    'model-data.js',
    'model.json',
    'tf.min.js',
    'weights.bin',
  ]);

  ganvas(['export', project, '--what', 'archive', '--out', join(out, 'blobs.zip')]);
  const imported = ganvas(['import-archive', join(out, 'blobs.zip')]);
  const folder = join(home, 'Projects', 'Blobs.ganvas');
  expect(imported.at(-1)).toMatchObject({ type: 'result', kind: 'project', folder });
  // The imported project draws the very pixels the original did (seed 8 at the model's size, as above).
  ganvas(['export', folder, '--what', 'image', '--seed', '8', '--out', join(out, 'seven-again.png')]);
  const [a, b] = await Promise.all(
    [join(out, 'seven-again.png'), join(out, 'seven.png')].map((file) => sharp(file).raw().toBuffer()),
  );
  expect(a?.length).toBe(32 * 32 * 3);
  expect(a?.equals(b ?? Buffer.alloc(0))).toBe(true);
});
