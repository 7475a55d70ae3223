import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding Ganvas's package.json, found by walking up from this file, so it is right
 * from source (main/platform), from the build (out/main/platform) and inside a packaged asar.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'package.json');
    if (existsSync(candidate) && isGanvasPackage(candidate)) return (cached = folder);
    const parent = dirname(folder);
    if (parent === folder) throw new Error('Could not find the Ganvas package.json above ' + import.meta.url);
    folder = parent;
  }
}

function isGanvasPackage(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'ganvas';
  } catch {
    return false;
  }
}
