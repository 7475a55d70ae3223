import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

let cached: string | undefined;

/** The version in package.json: the one source of truth for the app, CLI and exports. */
export function appVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  return cached;
}
