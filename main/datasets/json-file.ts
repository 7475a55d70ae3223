import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';

export type JsonReading<T> =
  | { ok: true; value: T }
  | { ok: false; missing: true }
  | { ok: false; missing: false; message: string; newerSchema?: number };

interface Remembered {
  identity: string;
  value: unknown;
}

// Parsed files by their identity on disk. Every write is a rename onto a new inode, so inode + size +
// mtime changes whenever the content does; the dataset view pages through a 10,000-image list often.
const remembered = new Map<string, Remembered>();
const rememberedLimit = 16;

/**
 * Reads and validates a JSON file. Missing, damaged (not JSON), foreign (wrong shape) and newer
 * (a schemaVersion this Ganvas does not know) are told apart, so callers can report rather than fail.
 * The value may be shared between callers: treat it as read-only.
 */
export async function readJsonFile<T>(
  path: string,
  schema: z.ZodType<T>,
  knownSchemaVersion?: number,
): Promise<JsonReading<T>> {
  let text: string;
  let identity: string;
  try {
    const handle = await open(path, 'r');
    try {
      const stats = await handle.stat();
      identity = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
      const known = remembered.get(path);
      if (known?.identity === identity) return { ok: true, value: known.value as T };
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, missing: true };
    return { ok: false, missing: false, message: `cannot be read (${(error as Error).message})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const message = text.trim() === '' ? 'is empty' : 'is damaged (not valid JSON)';
    return { ok: false, missing: false, message };
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (knownSchemaVersion !== undefined && typeof version === 'number' && version > knownSchemaVersion) {
    return {
      ok: false,
      missing: false,
      newerSchema: version,
      message: `was made by a newer Ganvas (schema ${version}); update Ganvas to open it`,
    };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.slice(0, 3).join('.')))];
    return {
      ok: false,
      missing: false,
      message: `has content Ganvas does not recognise (${fields.slice(0, 3).join(', ') || 'top level'})`,
    };
  }
  remembered.delete(path);
  remembered.set(path, { identity, value: parsed.data });
  if (remembered.size > rememberedLimit) remembered.delete(remembered.keys().next().value ?? '');
  return { ok: true, value: parsed.data };
}

/** Moves a damaged file aside under a name no later save reuses, so it is never overwritten. Returns that name. */
export async function keepAside(path: string): Promise<string> {
  const name = `${basename(path)}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, join(dirname(path), name));
  remembered.delete(path);
  return name;
}
