/** The project.json schema this version of Ganvas writes. */
export const currentSchemaVersion = 1;

type Json = Record<string, unknown>;

/**
 * Version 0 is the early format: no schemaVersion, no id, no isSample, and `title` instead of
 * `name`. It is recognised by its two required fields, so someone else's project.json (many tools
 * use that name) is never mistaken for an old Ganvas manifest and rewritten.
 */
function isVersion0(manifest: Json): boolean {
  return typeof manifest.title === 'string' && typeof manifest.createdAt === 'number';
}

/** One step per schema version: migrations[n] turns a version-n manifest into version n+1. */
const migrations: Record<number, (manifest: Json) => Json> = {
  0: (manifest) => {
    const { title, ...rest } = manifest;
    return {
      ...rest,
      schemaVersion: 1,
      id: globalThis.crypto.randomUUID(),
      name: title,
      isSample: false,
    };
  },
};

export type MigrationResult =
  { ok: true; value: Json; changed: boolean } | { ok: false; tooNew: boolean; message: string };

export function migrateManifest(raw: unknown): MigrationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, tooNew: false, message: 'not a JSON object' };
  }
  let manifest = raw as Json;
  let declared: unknown = manifest.schemaVersion;
  if (declared === undefined) {
    if (!isVersion0(manifest)) return { ok: false, tooNew: false, message: 'no schemaVersion' };
    declared = 0;
  }
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) {
    return {
      ok: false,
      tooNew: false,
      message: `schemaVersion ${JSON.stringify(declared)} is not a version`,
    };
  }
  if (declared > currentSchemaVersion) {
    return {
      ok: false,
      tooNew: true,
      message: `This project was made by a newer Ganvas (schema ${declared}; this one reads up to ${currentSchemaVersion}). Update Ganvas to open it.`,
    };
  }
  for (let version = declared; version < currentSchemaVersion; version++) {
    const step = migrations[version];
    if (!step) return { ok: false, tooNew: false, message: `no migration from schema ${version}` };
    manifest = step(manifest);
  }
  return { ok: true, value: manifest, changed: declared !== currentSchemaVersion };
}
