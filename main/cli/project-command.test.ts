import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCall, type CallOutcome } from '../contract/index.js';
import { ProjectRegistry } from '../projects/project-registry.js';
import { projectHandlers } from '../service/project-handlers.js';
import { toServiceError } from '../service/service-error.js';
import type { Studio } from '../studio.js';
import { createCliOutput } from './cli-output.js';
import { projectCommand } from './project-command.js';

/** The project calls behind the same gate the studio uses, without the rest of the studio. */
async function setUp() {
  const base = await mkdtemp(join(tmpdir(), 'ganvas-cli-project-'));
  const registry = new ProjectRegistry({
    dataDir: join(base, 'data'),
    onChanged: () => undefined,
    appLabel: 'Ganvas CLI test',
  });
  const handlers = projectHandlers({ registry, projectsDir: join(base, 'Projects') }) as Record<
    string,
    (args: unknown) => Promise<unknown>
  >;
  const studio: Studio = {
    async call(name, args): Promise<CallOutcome<unknown>> {
      const parsed = parseCall(name, args);
      if (!parsed.ok) return parsed;
      try {
        return { ok: true, value: await handlers[parsed.call]?.(parsed.args) };
      } catch (error) {
        return { ok: false, error: toServiceError(error) };
      }
    },
    onEvent: () => () => undefined,
    resolveProjectFile: async () => null,
    receiveUpload: async () => undefined,
    dispose: () => registry.closeAll(),
  };
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const errors: string[] = [];
    const output = createCliOutput(
      argv.includes('--json'),
      (line) => lines.push(line),
      (line) => errors.push(line),
    );
    const code = await projectCommand(studio, output, argv);
    return { code, lines, errors };
  };
  return { base, run, registry };
}

describe('ganvas project create', () => {
  it('makes DIR.ganvas from a path that does not exist yet, and prints its path and id as JSON', async () => {
    const { base, run } = await setUp();
    const { code, lines } = await run('create', join(base, 'Art', 'Moths'), '--json');
    expect(code).toBe(0);
    const result = JSON.parse(lines.at(-1) ?? '{}') as { type: string; project: Record<string, string> };
    expect(result).toEqual({
      type: 'result',
      project: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Moths',
        path: join(base, 'Art', 'Moths.ganvas'),
      },
    });
    expect(existsSync(join(base, 'Art', 'Moths.ganvas', 'project.json'))).toBe(true);
    // Closed again: the project is free for the app to open.
    expect(existsSync(join(base, 'Art', 'Moths.ganvas', '.ganvas.lock'))).toBe(false);
  });

  it('accepts the full .ganvas path, or a parent folder with --name', async () => {
    const { base, run } = await setUp();
    const full = await run('create', join(base, 'Birds.ganvas'));
    expect(full).toMatchObject({ code: 0, lines: [expect.stringMatching(/^Created .*Birds\.ganvas \(id /)] });
    await mkdir(join(base, 'Art'));
    const named = await run('create', join(base, 'Art'), '--name', 'Night sky');
    expect(named.code).toBe(0);
    expect(existsSync(join(base, 'Art', 'Night sky.ganvas', 'project.json'))).toBe(true);
  });

  it('asks for --name rather than making a sibling of an existing folder', async () => {
    const { base, run } = await setUp();
    await mkdir(join(base, 'Art'));
    const { code, errors } = await run('create', join(base, 'Art'));
    expect(code).toBe(2);
    expect(errors.join('\n')).toMatch(/already exists\. To make a project inside it, add --name NAME/);
    expect(existsSync(join(base, 'Art.ganvas'))).toBe(false);
  });

  it('refuses an existing project and an invalid name with the service words', async () => {
    const { base, run } = await setUp();
    await run('create', join(base, 'Moths'));
    await expect(run('create', join(base, 'Moths.ganvas'))).rejects.toThrow(/already exists/);
    await expect(run('create', base, '--name', 'a/b')).rejects.toThrow(/cannot contain/);
  });

  it('prints the usage for anything else', async () => {
    const { run } = await setUp();
    for (const argv of [[], ['delete', 'x'], ['create'], ['create', 'a', 'b']]) {
      const { code, errors } = await run(...argv);
      expect(code).toBe(2);
      expect(errors.join('\n')).toMatch(/Usage: ganvas project create DIR \[--name NAME\] \[--json\]/);
    }
  });
});
