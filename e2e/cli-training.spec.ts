import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';

/**
 * The headless path of issue 4, end to end through the built CLI and a real trainer process:
 * import, train, Ctrl-C (a clean stop with a checkpoint), resume from the same step, sample PNGs.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'out/main/cli.js');

let home: string;
let env: NodeJS.ProcessEnv;

test.beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'ganvas-e2e-cli-'));
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

function ganvas(args: string[]): Line[] {
  const run = spawnSync(process.execPath, [cli, ...args, '--json'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const lines = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
  expect(run.status, `${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0);
  return lines;
}

/** Blurry coloured blobs (32 px unless told): enough for a real (if short) training run. */
async function writeImages(folder: string, count: number, size = 32) {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    const hue = (i * 37) % 255;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="rgb(${hue},${255 - hue},120)"/><circle cx="${8 + (i % 16)}" cy="16" r="${4 + (i % 6)}" fill="#fff"/></svg>`;
    const png = sharp(Buffer.from(svg)).resize(size, size).png();
    writeFileSync(join(folder, `blob-${i}.png`), await png.toBuffer());
  }
}

test('ganvas train stops cleanly on SIGINT with a checkpoint, resumes from it, and ganvas sample writes PNGs', async () => {
  test.setTimeout(240_000);
  const project = join(home, 'Blobs.ganvas');
  ganvas(['project', 'create', project]);
  const pictures = join(home, 'pictures');
  await writeImages(pictures, 24);
  ganvas(['import', project, pictures, '--size', '32']);

  // Train until a few metrics arrive, then interrupt as a user would with Ctrl-C.
  const child = spawn(process.execPath, [cli, 'train', project, '--steps', '400', '--batch', '8', '--json'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let interrupted = false;
  const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for await (const text of createInterface({ input: child.stdout })) {
    const line = JSON.parse(text) as Line;
    lines.push(line);
    if (!interrupted && typeof line.step === 'number' && line.step >= 10 && 'dLoss' in line) {
      interrupted = true;
      child.kill('SIGINT');
    }
  }
  expect(await done).toBe(0);
  const metrics = lines.filter((line) => 'dLoss' in line);
  expect(metrics.length).toBeGreaterThan(0);
  expect(metrics[0]).toMatchObject({
    type: 'progress',
    step: expect.any(Number),
    dLoss: expect.any(Number),
    gLoss: expect.any(Number),
    secondsPerStep: expect.any(Number),
  });
  const result = lines.at(-1);
  expect(result).toMatchObject({ type: 'result', state: 'paused' });
  const stoppedAt = result?.step as number;
  expect(result?.checkpoint).toBe(stoppedAt);
  const runId = (result?.run as { id: string }).id;

  // Resume: the first step reported follows the checkpoint's, and the run ends where asked.
  const resumed = ganvas(['train', project, '--resume', runId, '--steps', String(stoppedAt + 6)]);
  const resumedSteps = resumed.filter((line) => 'dLoss' in line).map((line) => line.step as number);
  expect(resumedSteps[0]).toBeGreaterThan(stoppedAt);
  expect(resumed.at(-1)).toMatchObject({ type: 'result', state: 'finished', step: stoppedAt + 6 });

  const out = join(home, 'samples');
  const sampled = ganvas(['sample', project, '--count', '5', '--out', out, '--seed', '7']);
  expect(sampled.at(-1)).toMatchObject({ type: 'result', step: stoppedAt + 6 });
  const files = readdirSync(out).filter((name) => name.endsWith('.png'));
  expect(files).toHaveLength(5);
  const meta = await sharp(join(out, files[0] ?? '')).metadata();
  expect([meta.width, meta.height]).toEqual([32, 32]);

  // The explorer's timeline, headless: frames of a path through three seeds, the same every time.
  const frames = join(home, 'frames');
  const path = ['interpolate', project, '--from', '1', '--via', '3', '--to', '5', '--frames', '6'];
  ganvas([...path, '--out', frames]);
  ganvas([...path, '--out', `${frames}-again`]);
  const written = readdirSync(frames).sort();
  expect(written).toEqual([
    'frame-0001.png',
    'frame-0002.png',
    'frame-0003.png',
    'frame-0004.png',
    'frame-0005.png',
    'frame-0006.png',
  ]);
  for (const name of written) {
    expect(readFileSync(join(frames, name)).equals(readFileSync(join(`${frames}-again`, name)))).toBe(true);
  }
});

test('ganvas train --model cyclegan learns between two domains, and ganvas translate writes a folder of PNGs', async () => {
  test.setTimeout(300_000);
  const project = join(home, 'Pairs.ganvas');
  ganvas(['project', 'create', project]);
  const a = join(home, 'domain-a');
  const b = join(home, 'domain-b');
  await writeImages(a, 6, 64);
  await writeImages(b, 6, 64);
  const imported = ganvas(['import', project, a, '--domain', 'A', '--size', '64']);
  const datasetId = (imported.at(-1)?.dataset as { id: string } | undefined)?.id ?? '';
  ganvas(['import', project, b, '--dataset', datasetId, '--domain', 'B']);

  const trained = ganvas(['train', project, '--model', 'cyclegan', '--steps', '3']);
  const metrics = trained.filter((line) => 'losses' in line);
  expect(metrics.length).toBeGreaterThan(0);
  expect(Object.keys(metrics[0]?.losses as object).sort()).toEqual(
    ['D_A', 'D_B', 'G_AB', 'G_BA', 'cycle', 'identity'].sort(),
  );
  expect(trained.at(-1)).toMatchObject({ type: 'result', state: 'finished', step: 3, checkpoint: 3 });

  const out = join(home, 'translated');
  mkdirSync(join(home, 'to-translate'));
  writeFileSync(join(home, 'to-translate', 'not-an-image.txt'), 'hello');
  const translated = ganvas([
    'translate',
    project,
    a,
    join(home, 'to-translate'),
    '--direction',
    'AtoB',
    '--out',
    out,
  ]);
  expect(translated.at(-1)).toMatchObject({ type: 'result', step: 3 });
  expect((translated.at(-1)?.failed as unknown[]).length).toBe(1);
  const files = readdirSync(out).sort();
  expect(files).toHaveLength(6);
  const meta = await sharp(join(out, files[0] ?? '')).metadata();
  expect([meta.width, meta.height]).toEqual([64, 64]);
  expect(readdirSync(a)).toHaveLength(6);
});
