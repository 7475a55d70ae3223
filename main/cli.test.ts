import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cliSource = fileURLToPath(new URL('./cli.ts', import.meta.url));

function ganvas(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', cliSource, ...args], {
    env: { ...process.env, GANVAS_HOME: mkdtempSync(join(tmpdir(), 'ganvas-cli-')) },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  return { status: result.status, lines, stderr: result.stderr };
}

describe('ganvas CLI', () => {
  it('info --json prints only JSON lines, ending in a result with version, backend, device and Electron', () => {
    const { status, lines } = ganvas('info', '--json');
    expect(status).toBe(0);
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const last = objects.at(-1);
    expect(last).toMatchObject({
      type: 'result',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      backend: { name: expect.stringMatching(/^(tensorflow-gpu|tensorflow|wasm|cpu)$/) },
      device: expect.any(String),
      electron: { canRun: expect.any(Boolean), reason: expect.any(String) },
    });
  });

  it('an unknown command is an error object and a non-zero exit', () => {
    const { status, lines } = ganvas('paint', '--json');
    expect(status).not.toBe(0);
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({
      type: 'error',
      message: expect.stringContaining('paint'),
    });
  });

  it('--help lists the commands and exits 0', () => {
    const { status, lines } = ganvas('--help');
    expect(status).toBe(0);
    expect(lines.join('\n')).toMatch(/info\s+version, compute backend/);
  });
});
