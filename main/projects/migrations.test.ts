import { describe, expect, it } from 'vitest';
import { currentSchemaVersion, migrateManifest } from './migrations.js';

describe('migrateManifest', () => {
  it('brings an early (v0) manifest up to date', () => {
    const result = migrateManifest({ title: 'Moths', createdAt: 5 });
    expect(result).not.toHaveProperty('value.title');
    expect(result).toMatchObject({
      ok: true,
      changed: true,
      value: { schemaVersion: currentSchemaVersion, name: 'Moths', createdAt: 5, isSample: false },
    });
    if (result.ok) expect(result.value.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaves a current manifest alone', () => {
    const manifest = { schemaVersion: 1, id: 'a', name: 'b', createdAt: 1, isSample: false };
    expect(migrateManifest(manifest)).toEqual({ ok: true, value: manifest, changed: false });
  });

  it('refuses a manifest from a newer Ganvas, saying what to do', () => {
    const result = migrateManifest({ schemaVersion: 99 });
    expect(result).toMatchObject({
      ok: false,
      tooNew: true,
      message: expect.stringMatching(/newer Ganvas.*Update/),
    });
  });

  it('refuses what is not a manifest', () => {
    expect(migrateManifest([1, 2])).toMatchObject({ ok: false, tooNew: false });
    expect(migrateManifest({ schemaVersion: 'one' })).toMatchObject({ ok: false, tooNew: false });
  });

  it("never mistakes another tool's project.json for an early Ganvas manifest", () => {
    const nxProject = { name: 'web', $schema: '../schema.json', targets: { build: {} } };
    expect(migrateManifest(nxProject)).toMatchObject({
      ok: false,
      tooNew: false,
      message: 'no schemaVersion',
    });
  });
});
