/** The project.json schema this version of Ganvas writes. */
export const currentSchemaVersion = 1;

type Json = Record<string, unknown>;

/**
 * One step per schema version: migrations[n] turns a version-n manifest into version n+1.
 * Version 0 is the early format: no schemaVersion, no id, and `title` instead of `name`.
 */
const migrations: Record<number, (manifest: Json) => Json> = {
  0: (manifest) => {
    const { title, ...rest } = manifest;
    return {
      ...rest,
      schemaVersion: 1,
      id: typeof rest.id === 'string' ? rest.id : globalThis.crypto.randomUUID(),
      name: typeof rest.name === 'string' ? rest.name : typeof title === 'string' ? title : 'Untitled',
      createdAt: typeof rest.createdAt === 'number' ? rest.createdAt : Date.now(),
      isSample: rest.isSample === true,
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
  const declared = manifest.schemaVersion ?? 0;
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
